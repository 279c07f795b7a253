import Yams

/// Parses `site.yml` into a `SiteConfig`; a missing file means all defaults.
public struct SiteConfigReader {
    public init() {}

    private static let keys = ["title", "description", "language", "theme", "clean_urls", "page_size", "markdown", "links", "schema", "search"]

    public func read(_ text: String, path: String = "site.yml") -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        let source = YAMLSource(path: path, text: text, lineOffset: 0)
        let root: Node
        switch source.compose() {
        case let .failure(diagnostic): return (config, [diagnostic])
        case .success(nil): return (config, [])
        case let .success(node?): root = node
        }
        var reader = ConfigReader(source: source)
        var extra: [Diagnostic] = []
        var search: Node?
        for (key, keyNode, value) in reader.pairs(root, "site.yml") {
            switch key {
            case "title": config.title = reader.string(value, key) ?? config.title
            case "description": config.description = reader.string(value, key) ?? ""
            case "language": config.language = reader.string(value, key) ?? config.language
            case "theme":
                guard let theme = reader.string(value, key) else { continue }
                config.themeLocation = source.location(of: value)
                if Slug.isIdentifier(theme) { config.theme = theme } else {
                    reader.error("praxis.config.invalid-name", at: value, "`theme` names a folder under themes/: lowercase letters, digits and hyphens")
                }
            case "clean_urls": config.cleanURLs = reader.bool(value, key) ?? false
            case "page_size": config.pageSize = reader.int(value, key) ?? config.pageSize
            case "markdown":
                for (option, optionNode, optionValue) in reader.pairs(value, "`markdown`") {
                    if option == "raw_html" { config.rawHTML = reader.bool(optionValue, option) ?? false } else {
                        reader.unknownKey(option, at: optionNode, in: "`markdown`", known: ["raw_html"])
                    }
                }
            case "links":
                for (option, optionNode, optionValue) in reader.pairs(value, "`links`") {
                    guard option == "broken" else {
                        reader.unknownKey(option, at: optionNode, in: "`links`", known: ["broken"]); continue
                    }
                    switch reader.string(optionValue, option) {
                    case "error": config.brokenLinksAreErrors = true
                    case "warning": config.brokenLinksAreErrors = false
                    case let other?:
                        let hint = Suggestion.nearest(to: other, in: ["error", "warning"]).map { "; did you mean `\($0)`?" } ?? ""
                        reader.error("praxis.config.unknown-value", at: optionValue, "`links.broken` must be `error` or `warning`, not `\(other)`\(hint)")
                    case nil: break
                    }
                }
            case "schema":
                let (schema, diagnostics) = SchemaReader(source: source).read(value, base: Schema.defaults)
                config.schema = schema
                extra += diagnostics
            case "search": search = value  // read below: it names fields the schema may declare later in the file
            default:
                reader.unknownKey(key, at: keyNode, in: "site.yml", known: Self.keys)
            }
        }
        if let search { config.search = SearchConfigReader.read(search, schema: config.schema, reader: &reader) }
        return (config, reader.diagnostics + extra)
    }
}
