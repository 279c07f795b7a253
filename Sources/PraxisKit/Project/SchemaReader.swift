import Yams

/// Reads the `schema:` section of `site.yml` (or the built-in defaults) on top of a base schema.
struct SchemaReader {
    let source: YAMLSource

    func read(_ node: Node, base: Schema) -> (Schema, [Diagnostic]) {
        var reader = ConfigReader(source: source)
        var kinds: [KindSpec] = []
        var fields: [FieldSpec] = []
        for (key, keyNode, value) in reader.pairs(node, "`schema`") {
            switch key {
            case "kinds":
                for (name, nameNode, spec) in reader.pairs(value, "`schema.kinds`") {
                    if let kind = readKind(name, nameNode, spec, &reader) { kinds.append(kind) }
                }
            case "fields":
                for (name, nameNode, spec) in reader.pairs(value, "`schema.fields`") {
                    if let field = readField(name, nameNode, spec, &reader) { fields.append(field) }
                }
            default:
                reader.unknownKey(key, at: keyNode, in: "`schema`", known: ["kinds", "fields"])
            }
        }
        let schema = base.merging(Schema(kinds: kinds, fields: fields))
        var diagnostics = reader.diagnostics
        diagnostics += crossCheck(schema, declared: node)
        return (schema, diagnostics)
    }

    private func readKind(_ name: String, _ nameNode: Node, _ node: Node, _ reader: inout ConfigReader) -> KindSpec? {
        guard Slug.isIdentifier(name) else {
            reader.error("praxis.config.invalid-name", at: nameNode, "kind name `\(name)` must be lowercase letters, digits and hyphens, e.g. `\(Slug.identifier(name))`")
            return nil
        }
        var kind = KindSpec(name: name, folder: name, label: FieldSpec.defaultLabel(for: name), plural: FieldSpec.defaultLabel(for: name) + "s")
        for (key, keyNode, value) in reader.pairs(node, "kind `\(name)`") {
            switch key {
            case "folder":
                guard let folder = reader.string(value, key) else { continue }
                if Slug.isIdentifier(folder) { kind.folder = folder } else {
                    reader.error("praxis.config.invalid-name", at: value, "folder `\(folder)` of kind `\(name)` must be one folder name of lowercase letters, digits and hyphens")
                }
            case "label": kind.label = reader.string(value, key) ?? kind.label
            case "plural": kind.plural = reader.string(value, key) ?? kind.plural
            case "description": kind.description = reader.string(value, key) ?? ""
            default: reader.unknownKey(key, at: keyNode, in: "kind `\(name)`", known: ["folder", "label", "plural", "description"])
            }
        }
        return kind
    }

    private static let fieldKeys = ["type", "required", "values", "kinds", "taxonomy", "label", "max_length", "columns", "target", "inverse"]

    private func readField(_ name: String, _ nameNode: Node, _ node: Node, _ reader: inout ConfigReader) -> FieldSpec? {
        let pairs = reader.pairs(node, "field `\(name)`")
        guard let typeNode = pairs.first(where: { $0.key == "type" })?.value else {
            reader.error("praxis.config.missing-key", at: nameNode, "field `\(name)` needs a `type:` (\(Suggestion.list(FieldSpec.FieldType.allCases.map(\.rawValue))))")
            return nil
        }
        guard let typeName = reader.string(typeNode, "type") else { return nil }
        guard let type = FieldSpec.FieldType(rawValue: typeName) else {
            let allowed = FieldSpec.FieldType.allCases.map(\.rawValue)
            let hint = Suggestion.nearest(to: typeName, in: allowed).map { "; did you mean `\($0)`?" } ?? ""
            reader.error("praxis.config.unknown-value", at: typeNode, "unknown field type `\(typeName)`; use \(Suggestion.list(allowed))\(hint)")
            return nil
        }
        if let fixed = Schema.builtInFieldTypes[name], fixed != type {
            reader.error("praxis.config.built-in-field", at: typeNode, "field `\(name)` has a fixed meaning to Praxis and must keep `type: \(fixed.rawValue)`")
            return nil
        }
        var field = FieldSpec(name: name, type: type)
        for (key, keyNode, value) in pairs {
            switch key {
            case "type": break
            case "required": field.required = reader.bool(value, key) ?? false
            case "values": field.values = reader.strings(value, key)
            case "kinds": field.kinds = reader.strings(value, key)
            case "taxonomy": field.isTaxonomy = reader.bool(value, key) ?? false
            case "label": field.label = reader.string(value, key) ?? field.label
            case "max_length": field.maxLength = reader.int(value, key)
            case "columns": field.columns = reader.strings(value, key) ?? []
            case "target": field.target = reader.string(value, key)
            case "inverse": field.inverse = reader.string(value, key)
            default: reader.unknownKey(key, at: keyNode, in: "field `\(name)`", known: Self.fieldKeys)
            }
        }
        if field.isTaxonomy, ![.string, .list].contains(type) {
            reader.error("praxis.config.wrong-type", at: typeNode, "field `\(name)` is a taxonomy, so its type must be `string` or `list`, not `\(typeName)`")
        }
        if type == .table, field.columns.isEmpty {
            reader.error("praxis.config.missing-key", at: nameNode, "table field `\(name)` needs `columns:`, e.g. `columns: [metric, before, after]`")
        }
        return field
    }

    /// The node at a path of mapping keys below `node`, if the site declared it.
    private func declaration(in node: Node, _ keys: String...) -> Node? {
        var current = node
        for key in keys {
            guard let next = current.stringPairs?.first(where: { $0.key == key })?.value else { return nil }
            current = next
        }
        return current
    }

    /// Checks that need the whole schema: kinds named by fields exist; folders are unique.
    private func crossCheck(_ schema: Schema, declared node: Node) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let here = source.location(of: node)
        let kindNames = schema.kinds.map(\.name)
        for field in schema.fields {
            for (key, kinds) in [("kinds", field.kinds ?? []), ("target", [field.target].compactMap { $0 })] {
                for kind in kinds where !kindNames.contains(kind) {
                let hint = Suggestion.nearest(to: kind, in: kindNames).map { "; did you mean `\($0)`?" } ?? ""
                let at = declaration(in: node, "fields", field.name, key).map(source.location(of:)) ?? here
                diagnostics.append(.error("praxis.config.unknown-kind", at: at, "field `\(field.name)` names kind `\(kind)`, which the schema does not declare\(hint)"))
                }
            }
        }
        var folders: [String: String] = [:]
        for kind in schema.kinds {
            if let other = folders.updateValue(kind.name, forKey: kind.folder) {
                diagnostics.append(.error("praxis.config.duplicate-folder", at: here, "kinds `\(other)` and `\(kind.name)` share the folder `\(kind.folder)`; give each its own"))
            }
        }
        return diagnostics
    }
}
