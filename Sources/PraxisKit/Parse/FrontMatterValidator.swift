/// Checks a document's front matter against the schema, value by value, and reports every
/// problem at the position of the offending key or value (README "Front matter reference").
struct FrontMatterValidator {
    let schema: Schema
    let source: YAMLSource
    /// Where the opening `---` is: the place to report what is missing.
    let openingLine: Int
    let folderKind: String?

    func validate(_ root: FrontMatterNode?) -> (FrontMatter?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let top = SourceLocation(path: source.path, line: openingLine, column: 1)
        let pairs: [(key: String, keyNode: FrontMatterNode, value: FrontMatterNode)]
        if let root, !root.isNull {
            guard let rootPairs = root.stringPairs else {
                return (nil, [.error("praxis.frontmatter.not-mapping", at: source.location(of: root), "front matter must be `key: value` lines, not \(root.typeDescription)")])
            }
            pairs = rootPairs
        } else {
            pairs = []
        }
        guard let kind = resolveKind(pairs, top, &diagnostics) else { return (nil, diagnostics) }

        // Sized once: growing them key by key rehashed every key several times.
        var fields = [String: FieldValue](minimumCapacity: pairs.count)
        var extra: [String: YAMLValue] = [:]
        var keyLocations = [String: SourceLocation](minimumCapacity: pairs.count)
        var invalid: Set<String> = []
        var valueLocations: [String: [SourceLocation]] = [:]
        let allowed = schema.fields(for: kind)
        for (key, keyNode, value) in pairs where key != "kind" {
            keyLocations[key] = source.location(of: keyNode)
            guard let spec = allowed.first(where: { $0.name == key }) else {
                diagnostics.append(unknownField(key, keyNode, kind))
                extra[key] = Self.plain(value)
                continue
            }
            if value.isNull { continue }
            if key == "slug", let text = value.text, text.isBlank {
                diagnostics.append(.error("praxis.schema.invalid-slug", at: source.location(of: value), "`slug` is empty; remove the line to take the slug from the file name, or write one such as `slug: cloud-migration`"))
                continue
            }
            var checker = ValueChecker(spec: spec, source: source)
            if let checked = checker.check(value) { fields[key] = checked } else { invalid.insert(key) }
            diagnostics += checker.diagnostics
            if spec.isTaxonomy { valueLocations[key] = (value.items ?? [value]).map(source.location(of:)) }
        }
        for spec in allowed where spec.required && fields[spec.name] == nil && !invalid.contains(spec.name) {
            let at = keyLocations[spec.name] ?? top
            diagnostics.append(.error("praxis.schema.missing-field", at: at, "missing required field `\(spec.name)`; add a line such as `\(spec.name): \(Self.example(for: spec))`"))
        }
        if let slug = fields["slug"].flatMap({ if case let .string(text) = $0 { text } else { nil } }), !Slug.isNormal(slug) {
            let node = pairs.first { $0.key == "slug" }!.value
            let normal = Slug.normalize(slug)
            let hint = normal.isEmpty ? "" : "; write `slug: \(normal)`"
            diagnostics.append(.error("praxis.schema.invalid-slug", at: source.location(of: node), "invalid slug `\(slug)`: a slug is lowercase letters (of any script) and digits separated by single hyphens\(hint)"))
            fields["slug"] = nil
        }
        var frontMatter = FrontMatter(kind: kind, fields: fields, extra: extra, keyLocations: keyLocations)
        frontMatter.valueLocations = valueLocations
        return (frontMatter, diagnostics)
    }
}

private extension FrontMatterValidator {
    /// The kind comes from the folder; `kind:` names it for files outside the kinds' folders.
    func resolveKind(_ pairs: [(key: String, keyNode: FrontMatterNode, value: FrontMatterNode)], _ top: SourceLocation, _ diagnostics: inout [Diagnostic]) -> KindSpec? {
        let names = schema.kinds.map(\.name)
        guard let declared = pairs.first(where: { $0.key == "kind" }) else {
            if let folderKind, let kind = schema.kind(named: folderKind) { return kind }
            let folders = Suggestion.list(schema.kinds.map { "content/\($0.folder)/" })
            diagnostics.append(.error("praxis.schema.no-kind", at: top, "cannot tell what kind of document this is: put it in \(folders), or add `kind:` (\(Suggestion.list(names)))"))
            return nil
        }
        guard let name = declared.value.text, let kind = schema.kind(named: name) else {
            let value = declared.value.text ?? ""
            let hint = Suggestion.nearest(to: value, in: names).map { "; did you mean `\($0)`?" } ?? ""
            diagnostics.append(.error("praxis.schema.unknown-value", at: source.location(of: declared.value), "unknown kind `\(value)`; allowed: \(Suggestion.list(names))\(hint)"))
            return nil
        }
        if let folderKind, folderKind != kind.name {
            let folder = schema.kind(named: folderKind)?.folder ?? folderKind
            diagnostics.append(.error("praxis.schema.kind-mismatch", at: source.location(of: declared.value), "`kind: \(kind.name)` in the folder of kind `\(folderKind)` (content/\(folder)/); move the file to content/\(kind.folder)/ or remove `kind:`"))
            return nil
        }
        return kind
    }

    func unknownField(_ key: String, _ keyNode: FrontMatterNode, _ kind: KindSpec) -> Diagnostic {
        let location = source.location(of: keyNode)
        if let other = schema.field(named: key), let kinds = other.kinds {
            return .warning("praxis.schema.field-for-other-kind", at: location, "field `\(key)` belongs to \(Suggestion.list(kinds)) documents, not `\(kind.name)`; it is kept for templates but not checked or shown")
        }
        let known = schema.fields(for: kind).map(\.name) + ["kind"]
        let hint = Suggestion.nearest(to: key, in: known).map { "; did you mean `\($0)`?" } ?? ""
        return .warning("praxis.schema.unknown-field", at: location, "unknown field `\(key)`\(hint) (kept for templates; declare it under `schema.fields` in site.yml to check it)")
    }

    static func example(for spec: FieldSpec) -> String {
        switch spec.type {
        case .date: return "2025-01-31"
        case .list: return "[first, second]"
        case .link: return "../case-studies/example.md"
        case .links: return "[../practices/example.md]"
        case .period: return "{start: 2019, end: 2022}"
        case .table: return "[{" + spec.columns.map { "\($0): …" }.joined(separator: ", ") + "}]"
        case .number: return "42"
        case .boolean: return "true"
        case .string: return spec.values?.first ?? "…"
        }
    }

    static func plain(_ node: FrontMatterNode) -> YAMLValue {
        switch node.content {
        case let .scalar(text, _): return .scalar(text)
        case let .sequence(items): return .sequence(items.map(plain))
        case let .mapping(pairs):
            var result: [String: YAMLValue] = [:]
            for (key, value) in pairs { result[key.text ?? ""] = plain(value) }
            return .mapping(result)
        case .alias: return .scalar("")
        }
    }
}
