import Foundation
import Mustache

/// The theme's templates, compiled, with every missing template or partial reported.
struct Theme: Sendable {
    let library: MustacheLibrary
    let names: Set<String>

    /// Templates every site needs; `document-KIND` and others are optional refinements.
    static let required = ["home", "document", "list", "taxonomy", "browse", "404", "search"]

    static func compile(_ source: ThemeSource) -> (Theme, [Diagnostic]) {
        var library = MustacheLibrary()
        var diagnostics: [Diagnostic] = []
        for (name, template) in source.templates.sorted(by: { $0.key < $1.key }) {
            do {
                library.register(try MustacheTemplate(string: template.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                var at = SourceLocation(path: template.path, line: error.context.lineNumber, column: error.context.columnNumber)
                if case MustacheTemplate.Error.expectedSectionEnd? = error.error as? MustacheTemplate.Error,
                   let open = unclosedSection(in: template.text) {
                    at = SourceLocation(path: template.path, line: open.line, column: open.column)
                }
                diagnostics.append(.error("praxis.template.syntax", at: at, "template syntax error: \(explain(error.error))"))
            } catch {
                diagnostics.append(.error("praxis.template.syntax", at: SourceLocation(path: template.path), "template syntax error: \(error)"))
            }
        }
        let names = Set(source.templates.keys)
        for name in required where !names.contains(name) {
            diagnostics.append(.error("praxis.template.missing", at: SourceLocation(path: source.templatesFolder), "template `\(name)` not found: add \(name).mustache to the theme's templates folder or to the site's templates/ folder"))
        }
        for (name, template) in source.templates {
            for (partial, line, column) in partials(in: template.text) where !names.contains(partial) {
                diagnostics.append(.error("praxis.template.missing-partial", at: SourceLocation(path: template.path, line: line, column: column), "template `\(name)` includes partial `\(partial)`, which does not exist"))
            }
        }
        return (Theme(library: library, names: names), diagnostics)
    }

    func render(_ context: [String: Any], with name: String) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    static func explain(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "`{{/name}}` closes a section that is not the one open here; check the names of `{{#…}}` and `{{/…}}`"
        case .unfinishedName?: return "a tag opened with `{{` is not closed with `}}`"
        case .expectedSectionEnd?: return "the section opened here with `{{#…}}` or `{{^…}}` is never closed with `{{/…}}`"
        case .invalidSetDelimiter?: return "badly formed set-delimiter tag `{{=… …=}}`"
        default: return "\(error)"
        }
    }

    /// The innermost `{{#x}}`/`{{^x}}` left open at the end, as line and column.
    static func unclosedSection(in text: String) -> (line: Int, column: Int)? {
        var open: [(String, Int, Int)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let start = rest.range(of: "{{") {
                let after = rest[start.upperBound...]
                guard let end = after.range(of: "}}") else { break }
                let tag = after[..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                if let sigil = tag.first, sigil == "#" || sigil == "^" {
                    open.append((String(tag.dropFirst()).trimmingCharacters(in: .whitespaces), number + 1, line.distance(from: line.startIndex, to: start.lowerBound) + 1))
                } else if tag.first == "/", !open.isEmpty {
                    open.removeLast()
                }
                rest = after[end.upperBound...]
            }
        }
        return open.last.map { ($0.1, $0.2) }
    }

    /// `{{> name}}` and `{{< name}}` references with their positions.
    private static func partials(in text: String) -> [(String, Int, Int)] {
        var found: [(String, Int, Int)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                let tag = after[..<close.lowerBound]
                if let sigil = tag.first, sigil == ">" || sigil == "<" {
                    let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                    found.append((name, number + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1))
                }
                rest = after[close.upperBound...]
            }
        }
        return found
    }
}
