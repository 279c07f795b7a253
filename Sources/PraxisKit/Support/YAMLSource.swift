import Foundation
import Yams

/// YAML text from one file, with the offset that turns Yams positions into file positions.
/// Every YAML problem becomes a `Diagnostic` at its own line and column.
struct YAMLSource {
    var path: String
    var text: String
    /// File line of the YAML text's first line, minus one.
    var lineOffset: Int

    /// The root node (nil for an empty document), or the syntax error as a diagnostic.
    func compose() -> Result<Node?, Diagnostic> {
        do {
            // Values are typed by the schema, not by YAML's implicit tags (`no` is not false,
            // `1.10` is not 1.1), so the basic resolver: no regular expression per scalar. The
            // encoding is given so Yams does not read the environment for every document.
            return .success(try Yams.compose(yaml: text, .basic, .default, .utf8))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error))
        } catch {
            return .failure(.error("praxis.yaml.syntax", at: location(line: 1, column: 1), "invalid YAML: \(error)"))
        }
    }

    /// A document's front matter: read by `FrontMatterReader` when it is written the usual way
    /// (the same node, faster), composed by Yams otherwise. `usingReader: false` composes every
    /// front matter with Yams: the reference the reader is compared with (`FrontMatterFuzzTests`).
    func composeFrontMatter(usingReader: Bool = true) -> Result<FrontMatterNode?, Diagnostic> {
        if usingReader, let root = FrontMatterReader.read(text) { return .success(root) }
        return compose().map { $0.map(FrontMatterNode.init) }
    }

    func location(of node: FrontMatterNode) -> SourceLocation {
        location(line: node.line ?? 1, column: node.column ?? 1)
    }

    func location(of node: Node) -> SourceLocation {
        location(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line + lineOffset, column: column)
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            // When the text ends inside a construct, where it started is the line to fix.
            if let context, problem.contains("end of stream") {
                let what = context.text.contains("quoted scalar") ? "a quoted value starts here and its closing quote is missing" : "\(context.text.replacingOccurrences(of: "while ", with: "")) that starts here is never closed"
                return .error("praxis.yaml.syntax", at: location(line: context.mark.line, column: context.mark.column), "YAML syntax error: \(what)")
            }
            if let context, context.text.contains("flow sequence") || context.text.contains("flow mapping") {
                let (open, close) = context.text.contains("sequence") ? ("[", "]") : ("{", "}")
                return .error("praxis.yaml.syntax", at: location(line: context.mark.line, column: context.mark.column), "YAML syntax error: the `\(open)` that starts here is not closed with `\(close)` (or an item in it needs quotes)")
            }
            let while_ = context.map { " \($0.text)" } ?? ""
            return .error("praxis.yaml.syntax", at: location(line: mark.line, column: mark.column),
                          "YAML syntax error: \(problem)\(while_); check indentation, colons and quotes (values containing `: ` or starting with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `@` or a backquote need quotes)")
        case let .reader(problem, offset, value, _):
            // The offset counts characters of the YAML text: the character itself is the place.
            let (line, column) = offset.map(position(ofCharacter:)) ?? (1, 1)
            let character = Unicode.Scalar(UInt32(bitPattern: value)).map { " (`\(String($0))`)" } ?? ""
            return .error("praxis.yaml.syntax", at: location(line: line, column: column), "YAML could not be read: \(problem)\(character); remove the character or write it as an escape in a double-quoted value")
        case let .duplicatedKeysInMapping(duplicates, context):
            return duplicateKey(duplicates.first ?? "?", firstAt: context.mark)
        default:
            return .error("praxis.yaml.syntax", at: location(line: 1, column: 1), "invalid YAML: \(error)")
        }
    }

    /// Yams reports a duplicate by its first occurrence; a contributor needs the second one,
    /// the line to delete or rename. Find it: the next line holding the same key at the same indentation.
    /// 1-based line and column of the character `offset` characters into the text.
    private func position(ofCharacter offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    private func duplicateKey(_ key: String, firstAt mark: Mark) -> Diagnostic {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // In a flow mapping (`{start: 2019, start: 2020}`) the duplicate follows on the same line.
        if lines.indices.contains(mark.line - 1), let column = Self.column(ofKey: key, in: lines[mark.line - 1], after: mark.column) {
            return .error("praxis.yaml.duplicate-key", at: location(line: mark.line, column: column),
                          "duplicate key `\(key)` (first set at column \(mark.column) of this line); keep one of them")
        }
        let indent = String(repeating: " ", count: max(mark.column - 1, 0))
        var line = mark.line
        for index in mark.line..<lines.count {
            let candidate = lines[index]
            guard candidate.hasPrefix(indent) else { continue }
            var rest = candidate.dropFirst(indent.count)
            if rest.hasPrefix("- ") { rest = rest.dropFirst(2) }
            for quoted in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(quoted) {
                if rest.dropFirst(quoted.count).drop(while: { $0 == " " }).hasPrefix(":") { line = index + 1 }
            }
            if line != mark.line { break }
        }
        return .error("praxis.yaml.duplicate-key", at: location(line: line, column: mark.column),
                      "duplicate key `\(key)` (first set on line \(mark.line + lineOffset)); keep one of them")
    }

    /// The 1-based column where `key` is written as a key (after `{`, `,` or a space, before a
    /// `:`) on `line`, later than `column`.
    private static func column(ofKey key: String, in line: Substring, after column: Int) -> Int? {
        let characters = Array(line)
        guard column < characters.count else { return nil }
        for start in column..<characters.count where start > 0 && "{, ".contains(characters[start - 1]) {
            for quoted in [key, "\"\(key)\"", "'\(key)'"] {
                let candidate = Array(quoted)
                guard start + candidate.count <= characters.count, Array(characters[start..<start + candidate.count]) == candidate else { continue }
                if characters[(start + candidate.count)...].drop(while: { $0 == " " }).first == ":" { return start + 1 }
            }
        }
        return nil
    }
}

extension Node {
    /// Mapping pairs in source order with their string keys.
    var stringPairs: [(key: String, keyNode: Node, value: Node)]? {
        guard let mapping else { return nil }
        return mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    /// True for `~`, `null` and an empty value.
    var isNull: Bool {
        guard case let .scalar(scalar) = self else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    var typeDescription: String {
        switch self {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}
