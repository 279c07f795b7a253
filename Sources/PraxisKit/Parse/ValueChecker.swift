import Foundation

/// Checks one front matter value against its field declaration and converts it.
struct ValueChecker {
    let spec: FieldSpec
    let source: YAMLSource
    private(set) var diagnostics: [Diagnostic] = []

    init(spec: FieldSpec, source: YAMLSource) {
        self.spec = spec
        self.source = source
    }

    /// The converted value, or nil (with diagnostics) when it cannot be used.
    mutating func check(_ node: FrontMatterNode) -> FieldValue? {
        switch spec.type {
        case .string:
            guard let text = scalar(node) else { return nil }
            if text.isBlank {
                if spec.required { fail(node, "praxis.schema.missing-field", "`\(spec.name)` is empty; it is required") }
                return nil
            }
            guard inVocabulary(text, node) else { return nil }
            // Characters never outnumber bytes: count them only when the text may be too long.
            if let limit = spec.maxLength, text.utf8.count > limit, text.count > limit {
                diagnostics.append(.warning("praxis.schema.too-long", at: source.location(of: node), "`\(spec.name)` is \(text.count) characters long; keep it under \(limit) so cards and search results show all of it"))
            }
            return .string(text)
        case .list:
            guard let items = scalars(node) else { return nil }
            let valid = items.filter { inVocabulary($0.text, $0.node) }
            return valid.count == items.count ? .list(items.map(\.text)) : nil
        case .date:
            guard let text = scalar(node) else { return nil }
            guard let day = Day(text) else {
                fail(node, "praxis.schema.bad-date", "bad date `\(text)` for `\(spec.name)`: write a real calendar date as YYYY-MM-DD, e.g. `2025-03-14`")
                return nil
            }
            return .date(day)
        case .number:
            guard let text = scalar(node) else { return nil }
            guard Double(text) != nil else {
                fail(node, "praxis.schema.wrong-type", "`\(spec.name)` must be a number, not `\(text)`")
                return nil
            }
            return .number(text)
        case .boolean:
            guard let text = scalar(node) else { return nil }
            switch text.lowercased() {
            case "true", "yes": return .boolean(true)
            case "false", "no": return .boolean(false)
            default:
                fail(node, "praxis.schema.wrong-type", "`\(spec.name)` must be `true` or `false`, not `\(text)`")
                return nil
            }
        case .link:
            guard node.isScalar else {
                fail(node, "praxis.schema.wrong-type", "`\(spec.name)` must be one relative path to a .md file, not \(node.typeDescription)")
                return nil
            }
            return references(node).map(FieldValue.links)
        case .links:
            return references(node).map(FieldValue.links)
        case .period:
            return period(node)
        case .table:
            return table(node)
        }
    }
}

private extension ValueChecker {
    mutating func fail(_ node: FrontMatterNode, _ id: String, _ message: String) {
        diagnostics.append(.error(id, at: source.location(of: node), message))
    }

    mutating func scalar(_ node: FrontMatterNode) -> String? {
        guard let text = node.text else {
            fail(node, "praxis.schema.wrong-type", "`\(spec.name)` must be a single value, not \(node.typeDescription)")
            return nil
        }
        return text
    }

    /// A list of single values; one value alone counts as a list of one.
    mutating func scalars(_ node: FrontMatterNode) -> [(text: String, node: FrontMatterNode)]? {
        if let text = node.text { return [(text, node)] }
        guard let sequence = node.items else {
            fail(node, "praxis.schema.wrong-type", "`\(spec.name)` must be a list such as `[a, b]`, not \(node.typeDescription)")
            return nil
        }
        var items: [(String, FrontMatterNode)] = []
        var ok = true
        for item in sequence {
            guard let text = item.text, !item.isNull, !text.isBlank else {
                let what: String
                switch item.content {
                case .sequence: what = "a list: a list inside a list is not allowed; write every item in one list, such as `[a, b, c]`"
                case .mapping: what = "a mapping; quote an item that contains `: `, such as `\"a: b\"`"
                default: what = "empty; remove the empty item"
                }
                fail(item, "praxis.schema.wrong-type", "each item of `\(spec.name)` must be a single non-empty value, not \(what)")
                ok = false
                continue
            }
            items.append((text, item))
        }
        return ok ? items : nil
    }

    mutating func inVocabulary(_ value: String, _ node: FrontMatterNode) -> Bool {
        guard let values = spec.values, !values.contains(value) else { return true }
        let hint = Suggestion.nearest(to: value, in: values).map { "; did you mean `\($0)`?" } ?? ""
        fail(node, "praxis.schema.unknown-value", "`\(value)` is not an allowed value of `\(spec.name)` (allowed: \(Suggestion.list(values)))\(hint)")
        return false
    }

    mutating func references(_ node: FrontMatterNode) -> [DocumentReference]? {
        guard let items = scalars(node) else { return nil }
        var result: [DocumentReference] = []
        var ok = true
        for (text, item) in items {
            // Without a `#`, the path is the whole text (most references); with one, the part
            // before it, as `split` finds it (it skips an empty first part).
            let path = !text.hasByte(UInt8(ascii: "#")) ? text : text.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
            guard path.hasSuffix(".md"), !path.hasPrefix("/"), !path.containsLiterally("://") else {
                fail(item, "praxis.schema.bad-reference", "`\(spec.name)` entries are relative paths to other documents' .md files, such as `../practices/example.md`; `\(text)` is not")
                ok = false
                continue
            }
            result.append(DocumentReference(path: text, location: source.location(of: item)))
        }
        return ok ? result : nil
    }

    mutating func period(_ node: FrontMatterNode) -> FieldValue? {
        guard let pairs = node.stringPairs else {
            fail(node, "praxis.schema.wrong-type", "`\(spec.name)` must be a mapping such as `{start: 2019, end: 2022}`, not \(node.typeDescription)")
            return nil
        }
        var bounds: [String: (text: String, node: FrontMatterNode)] = [:]
        for (key, keyNode, value) in pairs {
            guard key == "start" || key == "end" else {
                fail(keyNode, "praxis.schema.unknown-key", "`\(spec.name)` takes `start` and `end`, not `\(key)`")
                return nil
            }
            if value.isNull { continue }
            guard let text = scalar(value) else { return nil }
            guard Self.isYearOrDay(text) else {
                fail(value, "praxis.schema.bad-date", "`\(spec.name).\(key)` must be a year such as `2019` or a date such as `2019-04-01`, not `\(text)`")
                return nil
            }
            bounds[key] = (text, value)
        }
        guard let start = bounds["start"] else {
            fail(node, "praxis.schema.missing-field", "`\(spec.name)` needs a `start`, e.g. `{start: 2019, end: 2022}`")
            return nil
        }
        if let end = bounds["end"], end.text.prefix(4) < start.text.prefix(4) || (end.text.count == start.text.count && end.text < start.text) {
            fail(end.node, "praxis.schema.bad-period", "`\(spec.name)` ends (\(end.text)) before it starts (\(start.text))")
            return nil
        }
        return .period(start: start.text, end: bounds["end"]?.text)
    }

    static func isYearOrDay(_ text: String) -> Bool {
        if text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        return Day(text) != nil
    }

    mutating func table(_ node: FrontMatterNode) -> FieldValue? {
        guard let rows = node.items else {
            fail(node, "praxis.schema.wrong-type", "`\(spec.name)` must be a list of entries with \(Suggestion.list(spec.columns)), not \(node.typeDescription)")
            return nil
        }
        var table: [[String]] = []
        for row in rows {
            guard let pairs = row.stringPairs else {
                fail(row, "praxis.schema.wrong-type", "each entry of `\(spec.name)` must be a mapping with \(Suggestion.list(spec.columns)), not \(row.typeDescription)")
                return nil
            }
            var cells = [String](repeating: "", count: spec.columns.count)
            for (key, keyNode, value) in pairs {
                guard let column = spec.columns.firstIndex(of: key) else {
                    let hint = Suggestion.nearest(to: key, in: spec.columns).map { "; did you mean `\($0)`?" } ?? ""
                    fail(keyNode, "praxis.schema.unknown-key", "unknown key `\(key)` in `\(spec.name)`; entries have \(Suggestion.list(spec.columns))\(hint)")
                    return nil
                }
                if value.isNull { continue }
                guard let text = scalar(value) else { return nil }
                cells[column] = text
            }
            table.append(cells)
        }
        return .table(table)
    }
}
