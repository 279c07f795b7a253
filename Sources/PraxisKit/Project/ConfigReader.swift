import Yams

/// Reads typed settings out of YAML nodes, collecting a positioned diagnostic for every mistake.
/// Shared by `site.yml` and the schema it declares.
struct ConfigReader {
    let source: YAMLSource
    private(set) var diagnostics: [Diagnostic] = []

    init(source: YAMLSource) { self.source = source }

    mutating func error(_ id: String, at node: Node, _ message: String) {
        diagnostics.append(.error(id, at: source.location(of: node), message))
    }

    mutating func warning(_ id: String, at node: Node, _ message: String) {
        diagnostics.append(.warning(id, at: source.location(of: node), message))
    }

    /// The pairs of a mapping, or an error naming `what` was expected.
    mutating func pairs(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)] {
        if node.isNull { return [] }
        guard let pairs = node.stringPairs else {
            error("praxis.config.wrong-type", at: node, "\(what) must be a mapping of `key: value` lines, not \(node.typeDescription)")
            return []
        }
        return pairs
    }

    mutating func string(_ node: Node, _ key: String) -> String? {
        guard case let .scalar(scalar) = node, !node.isNull else {
            error("praxis.config.wrong-type", at: node, "`\(key)` must be a single value, not \(node.typeDescription)")
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node, _ key: String) -> Bool? {
        guard let text = string(node, key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("praxis.config.wrong-type", at: node, "`\(key)` must be `true` or `false`, not `\(text)`")
            return nil
        }
    }

    mutating func int(_ node: Node, _ key: String, minimum: Int = 1) -> Int? {
        guard let text = string(node, key) else { return nil }
        guard let value = Int(text), value >= minimum else {
            error("praxis.config.wrong-type", at: node, "`\(key)` must be a whole number of at least \(minimum), not `\(text)`")
            return nil
        }
        return value
    }

    mutating func strings(_ node: Node, _ key: String) -> [String]? {
        if case .scalar = node, !node.isNull { return string(node, key).map { [$0] } }
        guard let sequence = node.sequence else {
            error("praxis.config.wrong-type", at: node, "`\(key)` must be a list, not \(node.typeDescription)")
            return nil
        }
        return sequence.compactMap { string($0, key) }
    }

    /// Warns about a key the reader does not know, suggesting the nearest known one.
    mutating func unknownKey(_ key: String, at node: Node, in section: String, known: [String]) {
        let hint = Suggestion.nearest(to: key, in: known).map { "; did you mean `\($0)`?" } ?? "; known keys: \(Suggestion.list(known))"
        warning("praxis.config.unknown-key", at: node, "unknown key `\(key)` in \(section)\(hint)")
    }
}
