import Foundation
import Mustache

/// The theme's templates, compiled, with every missing template or partial reported.
struct Theme: Sendable {
    let library: MustacheLibrary
    let names: Set<String>

    /// Templates every site needs; `document-KIND` and others are optional refinements.
    static let required = ["home", "document", "list", "taxonomy", "browse", "404", "search"]

    /// Every template starts with this pragma, on a line of its own (which renders as nothing and
    /// keeps the standalone-tag rule of the template's own first line; positions are shifted back), and
    /// `{{value}}` is escaped by `escapeHTML` instead of swift-mustache's own escaper, which walks
    /// grapheme clusters: a `"` followed by a combining mark is one cluster there, is not
    /// escaped, and would end an attribute value early. Bytes cannot be fooled, and are faster.
    static let pragma = "{{% CONTENT_TYPE: PRAXIS_HTML}}\n"

    private struct PraxisHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { Theme.escapeHTML(text) }
    }

    private static let registered: Bool = {
        MustacheContentTypes.register(PraxisHTML(), named: "PRAXIS_HTML")
        return true
    }()

    /// `<`, `>`, `&`, `"` and `'` as character references, the set swift-mustache escapes.
    static func escapeHTML(_ text: String) -> String { text.escapingHTML }

    static func compile(_ source: ThemeSource) -> (Theme, [Diagnostic]) {
        precondition(registered)
        var library = MustacheLibrary()
        var diagnostics: [Diagnostic] = []
        for (name, template) in source.templates.sorted(by: { $0.key < $1.key }) {
            do {
                library.register(try MustacheTemplate(string: pragma + template.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                var at = SourceLocation(path: template.path, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber)
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
        var open: [(line: Int, column: Int)] = []
        for tag in tags(in: text) {
            if tag.sigil == "#" || tag.sigil == "^" { open.append((tag.line, tag.column)) }
            if tag.sigil == "/", !open.isEmpty { open.removeLast() }
        }
        return open.last
    }

    /// `{{> name}}` and `{{< name}}` references with their positions.
    private static func partials(in text: String) -> [(String, Int, Int)] {
        tags(in: text).filter { $0.sigil == ">" || $0.sigil == "<" }.map { ($0.name, $0.line, $0.column) }
    }

    /// Every `{{…}}` tag of a template: its sigil (`#`, `^`, `/`, `>`, …), the name after it and
    /// the 1-based line and column of its `{{`.
    private static func tags(in text: String) -> [(sigil: Character?, name: String, line: Int, column: Int)] {
        var found: [(sigil: Character?, name: String, line: Int, column: Int)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                let tag = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let sigil = tag.first.flatMap { "#^/>!<&{=$".contains($0) ? $0 : nil }
                let name = (sigil == nil ? tag : String(tag.dropFirst())).trimmingCharacters(in: .whitespaces)
                found.append((sigil, name, number + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1))
                rest = after[close.upperBound...]
            }
        }
        return found
    }
}
