import Yams

/// A front matter value as the schema checks read it: Yams' `Node` reduced to the text of each
/// scalar, whether it was written plain, the structure, and where each node starts (Yams' `Mark`:
/// 1-based line and column in Unicode scalars, of the YAML text). `FrontMatterReader` makes it
/// for the usual front matter without Yams; anything else is composed by Yams and converted.
struct FrontMatterNode {
    enum Content {
        case scalar(String, isPlain: Bool)
        case sequence([FrontMatterNode])
        case mapping([(key: FrontMatterNode, value: FrontMatterNode)])
        case alias
    }

    var content: Content
    /// Where the node starts; nil only where Yams gave no mark.
    var line: Int?
    var column: Int?

    init(_ content: Content, line: Int?, column: Int?) {
        self.content = content
        self.line = line
        self.column = column
    }

    /// The node Yams composed, converted.
    init(_ node: Node) {
        switch node {
        case let .scalar(scalar): content = .scalar(scalar.string, isPlain: scalar.style == .plain)
        case let .sequence(sequence): content = .sequence(sequence.map(FrontMatterNode.init))
        case let .mapping(mapping): content = .mapping(mapping.map { (key: FrontMatterNode($0.key), value: FrontMatterNode($0.value)) })
        case .alias: content = .alias
        }
        line = node.mark?.line
        column = node.mark?.column
    }

    /// A scalar's text (Yams' `Node.string`).
    var text: String? {
        if case let .scalar(text, _) = content { return text }
        return nil
    }

    var isScalar: Bool { text != nil }

    /// A sequence's items.
    var items: [FrontMatterNode]? {
        if case let .sequence(items) = content { return items }
        return nil
    }

    /// Mapping pairs in source order with their string keys (a key that is not a scalar reads "").
    var stringPairs: [(key: String, keyNode: FrontMatterNode, value: FrontMatterNode)]? {
        guard case let .mapping(pairs) = content else { return nil }
        return pairs.map { (key: $0.key.text ?? "", keyNode: $0.key, value: $0.value) }
    }

    /// True for `~`, `null` and an empty value.
    var isNull: Bool {
        guard case let .scalar(text, isPlain) = content, isPlain else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    var typeDescription: String {
        switch content {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}
