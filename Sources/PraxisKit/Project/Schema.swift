/// What documents may say: their kinds and front matter fields. Declared in `site.yml` under
/// `schema:` (README "Schema"); `Schema.defaults` is what a site gets when it declares nothing.
public struct Schema: Sendable, Hashable {
    public var kinds: [KindSpec]
    public var fields: [FieldSpec]

    public init(kinds: [KindSpec], fields: [FieldSpec]) {
        self.kinds = kinds
        self.fields = fields
    }

    public func kind(named name: String) -> KindSpec? { kinds.first { $0.name == name } }
    public func kind(inFolder folder: String) -> KindSpec? { kinds.first { $0.folder == folder } }
    public func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }

    /// The fields a document of `kind` may carry, in declaration order.
    public func fields(for kind: KindSpec) -> [FieldSpec] {
        fields.filter { $0.kinds == nil || $0.kinds!.contains(kind.name) }
    }

    public var taxonomies: [FieldSpec] { fields.filter(\.isTaxonomy) }
    public var relations: [FieldSpec] { fields.filter { $0.type.isLink } }

    /// Declarations in `other` replace those of the same name; new ones are appended.
    public func merging(_ other: Schema) -> Schema {
        func merge<T>(_ base: [T], _ extra: [T], name: (T) -> String) -> [T] {
            var result = base
            for item in extra {
                if let index = result.firstIndex(where: { name($0) == name(item) }) { result[index] = item } else { result.append(item) }
            }
            return result
        }
        return Schema(kinds: merge(kinds, other.kinds, name: \.name), fields: merge(fields, other.fields, name: \.name))
    }
}

public struct KindSpec: Sendable, Hashable {
    public var name: String
    /// The folder under `content/` and the output folder of the kind's pages and listing.
    public var folder: String
    public var label: String
    public var plural: String
    public var description: String

    public init(name: String, folder: String, label: String, plural: String, description: String = "") {
        self.name = name
        self.folder = folder
        self.label = label
        self.plural = plural
        self.description = description
    }
}

public struct FieldSpec: Sendable, Hashable {
    public enum FieldType: String, Sendable, Hashable, CaseIterable {
        /// One line of plain text.
        case string
        /// A list of strings; a single string is accepted as a list of one.
        case list
        /// `YYYY-MM-DD`.
        case date
        /// An integer or decimal number.
        case number
        case boolean
        /// A relative path to another document's `.md` file.
        case link
        /// A list of relative paths to other documents' `.md` files.
        case links
        /// `{start, end}`, each a year or a `YYYY-MM-DD` date; `end` may be omitted (ongoing).
        case period
        /// A list of records with the declared `columns`, shown as a table.
        case table

        public var isLink: Bool { self == .link || self == .links }
        public var isList: Bool { self == .list || self == .links }
    }

    public var name: String
    public var type: FieldType
    public var label: String
    public var required: Bool = false
    /// Allowed values (a controlled vocabulary); nil for free text.
    public var values: [String]? = nil
    /// Kinds that may carry the field; nil for every kind.
    public var kinds: [String]? = nil
    /// A taxonomy gets a page per term, an index page and a search facet.
    public var isTaxonomy: Bool = false
    /// A warning above this many characters.
    public var maxLength: Int? = nil
    /// For `table`: the record keys, in column order.
    public var columns: [String] = []
    /// For links: the kind the target must be.
    public var target: String? = nil
    /// For links: the heading shown on the target's page ("Applied in").
    public var inverse: String? = nil

    public init(name: String, type: FieldType, label: String? = nil) {
        self.name = name
        self.type = type
        self.label = label ?? FieldSpec.defaultLabel(for: name)
    }

    /// The folder of the taxonomy's pages: `outcome_type` → `outcome-type`.
    public var taxonomyFolder: String { Slug.identifier(name) }

    static func defaultLabel(for name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
