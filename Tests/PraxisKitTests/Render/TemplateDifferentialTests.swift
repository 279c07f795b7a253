import Mustache
import Testing
@testable import PraxisKit

/// Praxis renders themes with its own template engine; themes are written in swift-mustache's
/// dialect. These tests render thousands of generated templates, partials and contexts with both
/// and expect the same bytes: standalone lines, indentation, sections over every kind of value,
/// dotted names, transforms, inheritance and set delimiters included.
@Suite("Templates render as swift-mustache renders them")
struct TemplateDifferentialTests {
    @Test(arguments: 0..<8)
    func generatedTemplatesRenderTheSame(batch: Int) throws {
        var random = SeededGenerator(seed: 0x7E3A_1A7E + UInt64(batch))
        var compared = 0
        for _ in 0..<400 {
            var generator = TemplateGenerator(random: random)
            let partials = (0..<3).map { generator.partial(number: $0) }
            let main = generator.template()
            random = generator.random
            var library = MustacheLibrary()
            var ours: [String: Template] = [:]
            for (name, text) in partials + [("main", main)] {
                guard let theirs = try? MustacheTemplate(string: text) else { break }
                library.register(theirs, named: name)
                ours[name] = try #require(try? TemplateParser.parse(text).0.get(), "swift-mustache parses what Praxis refuses:\n\(text)")
            }
            guard ours.count == partials.count + 1 else { continue }
            for _ in 0..<3 {
                let context = ContextGenerator.context(&random)
                let expected = library.render(ContextGenerator.plain(context), withTemplate: "main") ?? ""
                var renderer = TemplateRenderer(templates: ours)
                renderer.render(ours["main"]!, with: context)
                let actual = String(decoding: renderer.output, as: UTF8.self)
                #expect(actual == expected, "template:\n\(main)\npartials:\n\(partials)\ncontext: \(context)")
                compared += 1
            }
        }
        #expect(compared > 1_000)
    }
}

/// Random templates over the keys `ContextGenerator` fills: tags of every kind, mixed with text,
/// spaces, tabs and line breaks so that tags fall alone on their lines and beside text. A value
/// tag only names what shows as text in both engines (never a list or an object).
struct TemplateGenerator {
    var random: SeededGenerator
    private var open = "{{"
    private var close = "}}"

    init(random: SeededGenerator) { self.random = random }

    /// What the innermost context holds where a tag is written.
    enum Scope { case object, text }

    mutating func template() -> String {
        var text = ""
        if chance(8) {
            text += pieces(.object, depth: 0, count: 3)
            text += "\(pad())\(open)=<% %>=\(close)\(newlineOrNot())"
            (open, close) = ("<%", "%>")
            text += pieces(.object, depth: 0, count: 3)
            text += "<%={{ }}=%>\(newlineOrNot())"
            (open, close) = ("{{", "}}")
        }
        return text + pieces(.object, depth: 0, count: 6)
    }

    /// Partial `number` may include only partials before it; partial 0 is a parent with blocks.
    mutating func partial(number: Int) -> (String, String) {
        if number == 0 {
            return ("p0", "<\(pad())\(tag("$ a"))\(pieces(.object, depth: 2, count: 2, partials: 0))\(tag("/ a"))\(newlineOrNot())"
                + "\(pieces(.object, depth: 2, count: 2, partials: 0))\(tag("$b"))x\(tag("/b"))\n")
        }
        return ("p\(number)", pieces(.object, depth: 1, count: 4, partials: number))
    }

    private mutating func pieces(_ scope: Scope, depth: Int, count: Int, partials: Int = 3) -> String {
        (0..<Int.random(in: 1...count, using: &random)).map { _ in piece(scope, depth: depth, partials: partials) }.joined()
    }

    private mutating func piece(_ scope: Scope, depth: Int, partials: Int) -> String {
        switch Int.random(in: 0..<15, using: &random) {
        case 0, 1: return pick(["text", " ", "\t", "<b>&\"'", "é", "a b"])
        case 2, 3: return pick(["\n", "\n", "\r\n", "  \n"])
        case 4: return pad() + tag(pick(["a", " a ", "b", "c", "zz", "obj.a", "obj.zz", ".a", "uppercased(a)", "plusone(c)", "count(items)", "first(tags)", "empty(tags)", "index()", "last()"]))
        case 5: return pad() + tag(pick(["{a}", "& b", "{ c }"]), triple: true)
        case 6: return scope == .text ? pad() + tag(".") : pad() + tag("! a comment ")
        case 7, 8, 9:
            guard depth < 3 else { return "x" }
            let (name, inner) = pick([("a", Scope.object), ("b", .object), ("c", .object), ("tags", .text), ("items", .object), ("obj", .object),
                                      ("zz", .object), ("first()", .object), ("last()", .object), ("empty(tags)", .object), ("first(items)", .object)])
            let sigil = chance(3) ? "^" : "#"
            let innerScope = sigil == "^" ? scope : inner
            return pad() + tag("\(sigil)\(name)") + newlineOrNot() + pieces(innerScope, depth: depth + 1, count: 3, partials: partials)
                + pad() + tag("/\(name)") + newlineOrNot()
        case 10:
            guard partials > 1 else { return "y" }
            return pad() + tag("> p\(Int.random(in: 1..<partials, using: &random))") + newlineOrNot()
        case 11:
            guard partials > 0, depth < 3 else { return "z" }
            return pad() + tag("<p0") + newlineOrNot() + pad() + tag("$a") + pieces(scope, depth: depth + 1, count: 2, partials: 0) + tag("/a") + newlineOrNot() + tag("/p0") + newlineOrNot()
        case 12: return pad() + tag("$b") + "default" + tag("/b")
        default: return pick(["word", "\n", " "])
        }
    }

    private mutating func tag(_ inside: String, triple: Bool = false) -> String {
        triple && open == "{{" ? "{{\(inside)}}" : triple ? "\(open)&\(inside.filter { $0 != "{" && $0 != "}" })\(close)" : "\(open)\(inside)\(close)"
    }

    private mutating func pad() -> String { pick(["", "", "", " ", "  ", "\t"]) }
    private mutating func newlineOrNot() -> String { pick(["", "\n", "\n", " \n", "\r\n"]) }
    private mutating func chance(_ oneIn: Int) -> Bool { Int.random(in: 0..<oneIn, using: &random) == 0 }
    private mutating func pick<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &random)] }
}

/// Random contexts: `a`, `b`, `c` hold a text (maybe empty or in parts), a boolean or a number; `tags` a list
/// of texts; `items` a list of objects; `obj` an object; `zz` is never there.
enum ContextGenerator {
    static func context(_ random: inout SeededGenerator, depth: Int = 0) -> TemplateValue {
        var values: [String: TemplateValue] = [:]
        for key in ["a", "b", "c"] where Int.random(in: 0..<5, using: &random) > 0 {
            values[key] = scalar(&random)
        }
        if Bool.random(using: &random) {
            values["tags"] = .list((0..<Int.random(in: 0..<3, using: &random)).map { _ in .text(["x", "y<", "", "z z"][Int.random(in: 0..<4, using: &random)]) })
        }
        if depth < 2 {
            if Bool.random(using: &random) {
                values["items"] = .list((0..<Int.random(in: 0..<3, using: &random)).map { _ in context(&random, depth: depth + 1) })
            }
            if Bool.random(using: &random) { values["obj"] = context(&random, depth: depth + 1) }
        }
        return .object(values)
    }

    static func scalar(_ random: inout SeededGenerator) -> TemplateValue {
        switch Int.random(in: 0..<7, using: &random) {
        case 0: .text("")
        case 1: .text("Hello <World> & \"friends\"")
        case 5: .joined(["<a href=\"", "x\">", ""], separator: "../")
        case 2: .flag(true)
        case 3: .flag(false)
        case 4: .number(0)
        default: .number(Int.random(in: -3...30, using: &random))
        }
    }

    /// The same context as swift-mustache takes it.
    static func plain(_ value: TemplateValue) -> Any {
        switch value {
        case let .text(text): text
        case let .joined(parts, separator): parts.joined(separator: separator)
        case let .flag(flag): flag
        case let .number(number): number
        case let .list(items): items.map(plain)
        case let .object(values): values.mapValues(plain)
        case .lazy: [String: Any]()
        }
    }
}
