import Yams

/// Reads the `search:` mapping of `site.yml` into a `SearchConfig`; mistakes become positioned diagnostics.
struct SearchConfigReader {
    static let keys = ["language", "stem", "stop_words", "text_fields"]

    static func read(_ node: Node, schema: Schema, reader: inout ConfigReader) -> SearchConfig {
        var config = SearchConfig()
        for (key, keyNode, value) in reader.pairs(node, "`search`") {
            switch key {
            case "language": config.language = reader.string(value, key)
            case "stem": config.stem = reader.bool(value, key)
            case "stop_words":
                // Stored folded, exactly as tokens are compared with them.
                config.stopWords = reader.strings(value, key)?.flatMap { SearchTokenizer.fold($0) }
            case "text_fields":
                let names = reader.strings(value, key) ?? []
                for (name, item) in zip(names, value.sequence ?? [value]) {
                    guard let field = schema.field(named: name), field.type == .string || field.type == .list else {
                        let known = schema.fields.filter { $0.type == .string || $0.type == .list }.map(\.name)
                        let hint = Suggestion.nearest(to: name, in: known).map { "; did you mean `\($0)`?" } ?? ""
                        reader.error("praxis.config.unknown-field", at: item, "`search.text_fields` names `\(name)`, which is not a declared `string` or `list` field\(hint)")
                        continue
                    }
                    config.textFields.append(field.name)
                }
            default:
                reader.unknownKey(key, at: keyNode, in: "`search`", known: keys)
            }
        }
        if config.stem == true, let language = config.language, !SearchSettings.isEnglish(language) {
            reader.warning("praxis.config.stemming", at: node, "stemming is available for English only; `\(language)` text is folded but not stemmed")
        }
        return config
    }
}
