/// A Mustache template, parsed once when the theme loads (`TemplateParser`) and rendered for
/// every page (`TemplateRenderer`). The dialect is swift-mustache's (README "Themes"): sections,
/// inverted sections, partials with indentation, inheritance (`{{< parent}}` with `{{$ block}}`),
/// set delimiters, comments, `{{% CONTENT_TYPE: TEXT}}` and transforms such as
/// `{{uppercased(title)}}` or `{{#first()}}` inside a list.
public struct Template: Sendable {
    let nodes: [Node]

    indirect enum Node: Sendable {
        /// Text copied as it is.
        case text([UInt8])
        /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}`.
        case value(Name, escaped: Bool)
        /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
        case section(Name, Template, inverted: Bool)
        /// `{{> name}}` or `{{< name}}…{{/name}}` (with `overrides`); `indentation` is set when the
        /// tag stands alone on its line.
        case partial(Partial, indentation: [UInt8]?, overrides: [String: Template]?)
        /// `{{$ name}}default{{/name}}`: the block a `{{< …}}` caller overrides.
        case block(String, Template, indentation: [UInt8])
        /// `{{% CONTENT_TYPE: TEXT}}` turns escaping off for the rest of the template, `HTML` on.
        case escaping(Bool)
        /// `{{$ name}}…{{/name}}` directly inside `{{< …}}`: collected into that partial's overrides
        /// while parsing, never rendered.
        case definition(String, Template)
    }

    enum Partial: Sendable {
        /// `{{> partials/head}}`
        case named(String)
        /// `{{>* name}}`: the partial whose name the value `name` holds.
        case dynamic(Name)
    }

    /// What a tag names, split once: a dotted path looked up through the context stack, `.`,
    /// or the position in a list (`{{index()}}`), and the transforms to apply, innermost first.
    struct Name: Sendable, Equatable {
        enum Start: Sendable, Equatable {
            /// The first part is looked up from the innermost context outwards.
            case stack
            /// `.name`: only in the innermost context.
            case innermost
            /// `{{first()}}`, `{{index()}}` … : the place in the list being iterated.
            case position
        }

        let start: Start
        /// Empty for `.` (the innermost context itself).
        let path: [String]
        /// Applied in this order (`first(reversed(list))` is `[reversed, first]`).
        let transforms: [String]

        /// `written` as a tag holds it (`a.b`, `.`, `.a`, or empty before transforms), with its
        /// transforms outermost first, as they are written.
        init(_ written: String, transforms: [String]) {
            self.transforms = transforms.reversed()
            if written.isEmpty, !transforms.isEmpty {
                start = .position
            } else if written.first == ".", written != "." {
                start = .innermost
            } else {
                start = .stack
            }
            path = written == "." ? [] : written.split(separator: ".").map(String.init)
        }
    }
}

/// A problem in a template, at a position in its text.
struct TemplateError: Error, Equatable {
    enum Kind: Equatable {
        case sectionCloseNameIncorrect
        case unfinishedTag
        case unclosedSection
        case invalidSetDelimiter
        case transformOnBlock
        case illegalTokenInsideInheritance
        case invalidConfiguration
        case unknownConfiguration
    }

    let kind: Kind
    /// 1-based line and column (in characters) of the tag.
    let line: Int
    let column: Int

    /// A sentence for the diagnostic (README "Themes").
    var explanation: String {
        switch kind {
        case .sectionCloseNameIncorrect: "`{{/name}}` closes a section that is not the one open here; check the names of `{{#…}}` and `{{/…}}`"
        case .unfinishedTag: "a tag opened with `{{` is not closed with `}}`, or holds characters a name cannot have (letters, digits, `.`, `-`, `_`, `?`, `*` and transform brackets)"
        case .unclosedSection: "the section opened here with `{{#…}}` or `{{^…}}` is never closed with `{{/…}}`"
        case .invalidSetDelimiter: "badly formed set-delimiter tag `{{=… …=}}`"
        case .transformOnBlock: "a block `{{$…}}` cannot have a transform"
        case .illegalTokenInsideInheritance: "inside `{{<…}}…{{/…}}` only blocks `{{$…}}…{{/…}}` may appear"
        case .invalidConfiguration: "badly formed configuration tag: write `{{% CONTENT_TYPE: HTML}}` or `{{% CONTENT_TYPE: TEXT}}`"
        case .unknownConfiguration: "unknown configuration: the only one is `CONTENT_TYPE`, with `HTML` or `TEXT`"
        }
    }
}
