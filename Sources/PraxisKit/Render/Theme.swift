import Foundation

/// The theme's templates, parsed, with every problem in them reported: a syntax error, a missing
/// template or partial, partials that include each other without end.
struct Theme: Sendable {
    let templates: [String: Template]

    /// Templates every site needs; `document-KIND` and others are optional refinements.
    static let required = ["home", "document", "list", "taxonomy", "browse", "404", "search"]

    static func compile(_ source: ThemeSource) -> (Theme, [Diagnostic]) {
        var templates: [String: Template] = [:]
        var partials: [String: [(name: String, offset: Int)]] = [:]
        var diagnostics: [Diagnostic] = []
        for (name, template) in source.templates.sorted(by: { $0.key < $1.key }) {
            let (parsed, included) = TemplateParser.parse(template.text)
            partials[name] = included
            switch parsed {
            case let .success(parsed): templates[name] = parsed
            case let .failure(error):
                let at = SourceLocation(path: template.path, line: error.line, column: error.column)
                diagnostics.append(.error("praxis.template.syntax", at: at, "template syntax error: \(error.explanation)"))
            }
        }
        let names = Set(source.templates.keys)
        for name in required where !names.contains(name) {
            diagnostics.append(.error("praxis.template.missing", at: SourceLocation(path: source.templatesFolder), "template `\(name)` not found: add \(name).mustache to the theme's templates folder or to the site's templates/ folder"))
        }
        for (name, included) in partials.sorted(by: { $0.key < $1.key }) {
            let template = source.templates[name]!
            for partial in included where !names.contains(partial.name) {
                diagnostics.append(.error("praxis.template.missing-partial", at: location(of: partial.offset, in: template), "template `\(name)` includes partial `\(partial.name)`, which does not exist"))
            }
        }
        diagnostics += cycles(partials, source)
        return (Theme(templates: templates), diagnostics)
    }

    /// The page a template makes from a context.
    func render(_ context: TemplateValue, with name: String, capacity: Int = 16_384) -> [UInt8] {
        guard let template = templates[name] else { return [] }
        var renderer = TemplateRenderer(templates: templates, capacity: capacity)
        renderer.render(template, with: context)
        return renderer.output
    }

    func render(_ context: TemplateValue, with name: String) -> String {
        String(decoding: render(context, with: name, capacity: 1_024), as: UTF8.self)
    }
}

private extension Theme {
    static func location(of offset: Int, in template: (path: String, text: String)) -> SourceLocation {
        let position = TemplateParser.position(of: offset, in: template.text)
        return SourceLocation(path: template.path, line: position.line, column: position.column)
    }

    /// Partials that include themselves, directly or through others: rendering them would never
    /// end. Each cycle is reported once, at the include that closes it.
    static func cycles(_ partials: [String: [(name: String, offset: Int)]], _ source: ThemeSource) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var finished: Set<String> = []
        var path: [String] = []
        func visit(_ name: String) {
            guard !finished.contains(name) else { return }
            path.append(name)
            for include in partials[name] ?? [] {
                if let start = path.firstIndex(of: include.name) {
                    let loop = (path[start...] + [include.name]).map { "`\($0)`" }.joined(separator: " → ")
                    diagnostics.append(.error("praxis.template.recursive-partial", at: location(of: include.offset, in: source.templates[name]!), "partials include each other without end (\(loop)); remove one of these includes"))
                } else if partials[include.name] != nil {
                    visit(include.name)
                }
            }
            path.removeLast()
            finished.insert(name)
        }
        for name in partials.keys.sorted() { visit(name) }
        return diagnostics
    }
}
