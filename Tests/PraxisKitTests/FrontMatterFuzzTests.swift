import Foundation
import Testing
import Yams
@testable import PraxisKit

/// Differential fuzzing of `FrontMatterReader` against Yams: thousands of front matters made by a
/// seeded generator (the same texts on every run) from YAML's look-alikes of plain values: values
/// that are not plain scalars, indicators, quotes with escapes, flow collections that nest or
/// leave an item empty, block lists at every indentation, characters libyaml rejects or breaks
/// lines at, long lines, and then random damage (a character put in, a line break turned into
/// CRLF, a line indented). Whenever the reader answers, its node must be Yams' node, marks
/// included; a whole document must parse to the same page with the same diagnostics either way.
@Suite("Front matter reader against Yams, fuzzed")
struct FrontMatterFuzzTests {
    @Test func theReaderComposesWhatYamsComposes() {
        var random = SeededGenerator(seed: 0x7072_6178_6973)
        var generator = FrontMatterGenerator()
        var read = 0, mismatches: [String] = []
        func check(_ yaml: String) -> Bool {
            guard let node = FrontMatterReader.read(yaml) else { return false }
            read += 1
            let reader = FrontMatterReaderTests.describe(node), yams = Self.yams(yaml)
            // Compared as bytes: `==` on strings would take `é` and `e\u{301}` for the same.
            if !reader.utf8.elementsEqual(yams.utf8), mismatches.count < 10 {
                mismatches.append("\(Self.short(yaml.debugDescription))\n  reader: \(Self.short(reader))\n  yams:   \(Self.short(yams))")
            }
            return true
        }
        let count = 5_000
        for _ in 0..<count {
            let yaml = generator.document(&random)
            // Texts a character or two away from one the reader reads are where it must stop reading.
            guard check(yaml) else { continue }
            for _ in 0..<4 { _ = check(generator.nearby(yaml, &random)) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        // The generator must keep the reader busy: a fuzzer whose texts all go to Yams checks nothing.
        #expect(read > count / 2, "the reader read \(read) texts of \(count) and their neighbours")
    }

    /// Whole documents parsed with and without the reader: the same page (front matter fields,
    /// their positions, everything) and the same diagnostics, positions included.
    @Test func aDocumentParsesToTheSamePageAndDiagnosticsWithoutYams() {
        var random = SeededGenerator(seed: 0x6469_6167_6E6F)
        var generator = FrontMatterGenerator(schemaKeys: true)
        let fast = PageParser(schema: Schema.defaults)
        var reference = PageParser(schema: Schema.defaults)
        reference.readsFrontMatterWithoutYams = false
        var read = 0, mismatches: [String] = []
        let count = 1_500
        for number in 0..<count {
            let yaml = generator.document(&random)
            let kinds = [("case-study", "case-studies"), ("practice", "practices"), ("lesson", "lessons")]
            let (kind, folder) = kinds[number % kinds.count]
            let bytes = Data(("---\n" + yaml + "\n---\n\nBody with a [link](other.md).\n").utf8)
            let file = SourceFile(path: "content/\(folder)/doc\(number).md", bytes: bytes, folderKind: kind, fileSlug: "doc\(number)")
            if let split = try? FrontMatterSplitter.split(SourceText.decode(bytes).get().text).get(), FrontMatterReader.read(split.yaml) != nil {
                read += 1
            }
            let (page, diagnostics) = fast.parse(file)
            let (expectedPage, expectedDiagnostics) = reference.parse(file)
            let shown = diagnostics.map(\.description), expected = expectedDiagnostics.map(\.description)
            if page != expectedPage || !shown.elementsEqual(expected, by: { $0.utf8.elementsEqual($1.utf8) }), mismatches.count < 10 {
                let differing = zip(shown, expected).first { !$0.utf8.elementsEqual($1.utf8) }
                mismatches.append("\(Self.short(yaml.debugDescription))\n  reader: \(Self.short(differing?.0 ?? "\(shown.count) diagnostics"))\n  yams:   \(Self.short(differing?.1 ?? "\(expected.count) diagnostics"))\n  same page: \(page == expectedPage)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(read > count / 4, "the reader read \(read) of \(count)")
    }
}

extension FrontMatterFuzzTests {
    /// Yams' node as text, or its error.
    static func yams(_ yaml: String) -> String {
        do {
            guard let node = try Yams.compose(yaml: yaml, .basic, .default, .utf8) else { return "nothing" }
            return FrontMatterReaderTests.describe(FrontMatterNode(node))
        } catch {
            return "error: \(error)"
        }
    }

    /// A long text cut for a failure message.
    static func short(_ text: String) -> String { text.count > 600 ? text.prefix(600) + "…" : text }
}


/// Front matter texts, most of them in the shapes the reader reads and the rest close to them.
struct FrontMatterGenerator {
    /// Keys the default schema declares, so that documents reach the schema checks.
    var schemaKeys = false

    static let fieldKeys = ["title", "summary", "date", "updated", "tags", "sectors", "level", "regions", "authors",
                            "related", "status", "slug", "evidence", "period", "outcomes", "practices", "outcome_type",
                            "source", "kind", "extra_field"]
    static let plainKeys = ["k", "key", "a", "b", "title", "tags", "x_1", "k-2", "_", "0", "007", "null", "true", "yes",
                            "Key", "KEY", "a-", "metric", "before", "after", "start", "end"]
    /// Keys YAML reads otherwise, or that are not plain.
    static let oddKeys = ["a b", "\"q\"", "'q'", "\"a\\\"b\"", "ключ", "tïtle", "-k", "k:x", "~", "<<", "? k", "?", "!t k",
                          "&a k", "*a", "[a]", "{a: b}", "k ", "k\u{A0}", "\u{FEFF}k", "#k", "%k", "@k", "`k", "k\t",
                          ".k", "k.v", "k/v", "k=v", "http://x", "-", "--- k", "... k", "k#", "k!", "\u{3000}k"]

    /// Values after `key: ` that look like plain scalars and are not, or are but only just.
    static let trickyValues: [String] = [
        "a: b", "a:b", "a:", "a: ", "a:  b", "a #b", "a#b", "a #", " #b", "'x'", "'it''s'", "'a\\b'", "\"a\\\"b\"",
        "\"\\u00e9\"", "\"\\x41\"", "\"a\\\\b\"", "\"\\n\"", "\"\\t\"", "\"a\\ b\"", "\"\\\"\"", "\"a\" b", "\"a\"b",
        "\"a\"#b", "\"a\" #b", "\"a\":", "\"a\": b", "\"unterminated", "\"\"", "\"  spaced  \"", "-", "- a", "-a", "-1",
        "--", "---", "--- a", "...", "... a", "[a, [b]]", "{a: [b]}", "[a,b]", "[ ]", "[]", "{}", "{ }", "[a, ]", "[,a]",
        "[a,,b]", "[a", "[a]]", "[a] x", "[a] #c", "[a]#c", "[a: b]", "[a:b]", "[a #b]", "[a#b]", "[\"a\", 'b']", "[-a]",
        "[- a]", "[~, null]", "[a b, c  d]", "[ a , b ]", "[\"x, y\", z]", "[\"a\\\"\"]", "[\"a\" b]", "[\"a\",b]",
        "[?a]", "[a?]", "[!a]", "[&a b]", "[*a]", "[|]", "[>]", "[%a]", "[@a]", "[`a]", "[a*b]", "[a!b]", "[a.b]",
        "[a\u{A0}]", "[\u{A0}a]", "[日本, 😀]", "[a, {b: c}]", "[{a: b}]", "[a]: b", "{a}", "{a:1}", "{a: 1}",
        "{a: 1, a: 2}", "{a: 1,b: 2}", "{a: 1 ,b: 2}", "{a: }", "{a: ,b: 1}", "{a: b c}", "{a: b: c}", "{\"a\": b}",
        "{a: \"b\"}", "{a: \"b\" }", "{ a: b }", "{a: b,}", "{a: [b]}", "{a: {b: c}}", "{a b: c}", "{a-b: c}",
        "{start: 2019, end: 2022}", "{start: 2019, end: 2018}", "{start: 2019}", "{end: 2019}", "{start: x}",
        "{a: b}: c", "{? a}", "{a: b, c}", "{a: 'b'}", "{a: ~}", "{a: null}", "{a: b}  ", "[a]  ", "\"a\"  ",
        "~", "null", "Null", "NULL", "nULL", "yes", "no", "Yes", "on", "off", "true", "false", "y", "n",
        "0x1F", "0o17", "017", "1_000", "1e3", "1.10", "+1", ".5", ".inf", "-.inf", ".NaN", "2024-01-01",
        "2024-1-1", "2024-13-01", "2024-01-01T10:00:00Z", "2024-01-01 10:00", "12:30:00", "1:2", "@x", "`x",
        "%x", "!tag x", "!!str x", "!x", "&a x", "&a", "*a", "|", ">", "|-", ">+", "|2", "? x", "?x", ": x",
        ":x", ",x", "x,", "]x", "}x", "x]", "x}", "x[y]", "x{y}", "<<", "=", "a  b", "a   b", "a - b", "a ? b",
        "a | b", "a > b", "a ! b", "a & b", "a * b", "a % b", "a @ b", "a ` b", "a ' b", "a \" b", "a, b", "a,b",
        "http://x.org/a?b=c#d", "http://x.org/a b", "../a.md", "../a.md#part", "/abs.md", "a.md # c",
        "Ünïcödé", "日本語", "😀", "e\u{301}", "\u{301}", "a\u{A0}b", "\u{A0}", "a\u{A0}", "\u{A0}a", "a\u{A0}#b",
        "a\u{A0}: b", "a:\u{A0}b", "a\u{2028}b", "a\u{2029}", "a\u{85}b", "a\u{FEFF}", "\u{FEFF}a", "a\tb", "\ta",
        "a\t", "\u{3000}", "a\u{3000}", "\u{200B}", "a\u{7F}", "a\u{1}", "\u{FFFD}", "\u{FFFE}", "\u{E000}",
        "\u{10FFFF}", "a\u{9F}", "\u{A1}", "\\", "\\n", "a\\b", "\"a\\u00e9\"", "'\u{A0}'", "\"\u{A0}\"",
        "\"a\u{2028}b\"", "\"a\tb\"", "'a\"b'", "\"a'b\"", "a\"b", "a'b", "a'", "a\"",
    ]

    /// Pieces of random scalars: mostly letters, sometimes the characters that mean something.
    static let alphabet: [String] = Array(repeating: ["a", "b", "x", "Z", "1", "0", " ", "e", "-", "_", "."], count: 6).flatMap { $0 }
        + [":", ":", "#", "#", ",", "[", "]", "{", "}", "\"", "'", "?", "!", "&", "*", "|", ">", "%", "@", "`", "\\",
           "/", "~", "=", "<", "+", "\u{A0}", "é", "日", "😀", "\u{301}", "\u{2028}", "\t", "\u{85}", "\u{FEFF}",
           "\u{3000}", "  ", ": ", " #", "- ", "-", "\u{7F}"]

    /// How often a choice goes to the odd shapes, for the document being made: most documents
    /// are the usual front matter with one or two odd things in it, so that the reader reads
    /// many of them and each odd thing is met among ordinary lines.
    var mess = 0.0

    mutating func document(_ random: inout SeededGenerator) -> String {
        mess = random.pick([0, 0, 0.02, 0.03, 0.05, 0.05, 0.1, 0.2])
        var lines: [String] = []
        if odd(&random) { lines.append(contentsOf: Array(repeating: "", count: random.int(1...2))) }
        var keys: [String] = []
        for _ in 0..<random.int(1...7) {
            var key = self.key(&random)
            // Mostly distinct keys; sometimes a repeat, which YAML reports.
            if keys.contains(key), !odd(&random) { key += "\(keys.count)" }
            keys.append(key)
            lines.append(contentsOf: entry(key, &random))
            if random.chance(0.15) { lines.append("") }
            if odd(&random) { lines.append(contentsOf: filler(&random)) }
        }
        if random.chance(0.1) { lines.append("") }
        var text = lines.joined(separator: "\n")
        if random.chance(0.15) { text += "\n" }
        if odd(&random) { text = damaged(text, &random) }
        return text
    }

    /// True, now and then, where an odd shape is to be written.
    func odd(_ random: inout SeededGenerator) -> Bool { random.chance(mess) }

    func key(_ random: inout SeededGenerator) -> String {
        if !odd(&random) { return schemaKeys && random.chance(0.8) ? random.pick(Self.fieldKeys) : random.pick(Self.plainKeys) }
        switch random.int(0..<10) {
        case 0..<6: return random.pick(Self.oddKeys)
        case 6..<8: return String(repeating: "k", count: random.pick([511, 512, 513, 1023, 1024, 1025, 1100]))
        default: return randomScalar(&random, length: 1...6)
        }
    }

    /// One root entry: its lines.
    func entry(_ key: String, _ random: inout SeededGenerator) -> [String] {
        let colon = !odd(&random) ? ": " : random.pick([":  ", ":", " : ", ":\t", ": \t", ":\u{A0}"])
        if !odd(&random) {
            switch random.int(0..<100) {
            case 0..<60: return [key + colon + value(&random)]
            case 60..<95: return [key + ":"] + blockList(&random)
            default: return [key + ": " + String(repeating: random.pick(["word ", "wörd ", "w", "日本", "a,", "😀"]), count: random.int(200...1200)) + "end"]
            }
        }
        switch random.int(0..<10) {
        case 0: return [key + ":" + random.pick(["", "", " ", "  #c"])] + blockList(&random)
        case 1, 2: return [key + ":"] + nestedMapping(&random, indent: random.pick([1, 2, 2, 4]))
        case 3: return [key + ": " + random.pick(["|", ">", "|-", ">+", "|2"])] + ["  line one", "  line two", random.pick(["", "   three", " a: b"])]
        case 4:
            // A flow collection or quoted value over two lines.
            let (open, close) = random.pick([("[", "]"), ("{a: ", "}"), ("\"", "\""), ("'", "'")])
            return [key + ": " + open + "a,", random.pick(["  ", " ", "", "\t"]) + "b" + close]
        case 5: return [key + ": " + value(&random), random.pick(["  continued", " - x", "  b: c", "- x", "  ", "#c", "  #c"])]
        case 6: return [key + ":" + random.pick([" ", "", " ~", " \"\"", " []"])]
        default: return [key + colon + value(&random)]
        }
    }

    /// A value on the key's line.
    func value(_ random: inout SeededGenerator) -> String {
        var value: String
        if !odd(&random) {
            switch random.int(0..<100) {
            case 0..<42: value = plainWords(&random)
            case 42..<64: value = flowSequence(&random)
            case 64..<76: value = flowMapping(&random)
            case 76..<92: value = "\"" + plainWords(&random) + random.pick(["", ": x", " #y", ", z", "'"]) + "\""
            default: value = random.pick(Self.trickyValues)
            }
        } else {
            switch random.int(0..<100) {
            case 0..<40: value = random.pick(Self.trickyValues)
            case 40..<70: value = randomScalar(&random, length: 1...12)
            case 70..<85: value = "\"" + randomScalar(&random, length: 0...10) + "\""
            default: value = random.pick(Self.trickyValues) + random.pick(["", " ", "x", " #c", ":", ": x", ","])
            }
        }
        if odd(&random) { value += random.pick([" ", "  ", "\t", " #c", "#c", "\u{A0}"]) }
        return value
    }

    /// Plain words, the common case.
    func plainWords(_ random: inout SeededGenerator) -> String {
        let words = ["alpha", "Beta", "gamma-delta", "x_y", "2025-01-31", "1.10", "007", "Jürgen", "日本", "😀", "a/b.md",
                     "../c/d.md#part", "http://e.org", "a:b", "a#b", "a,b", "[x]", "{y}", "~", "null", "yes", "é", "e\u{301}",
                     "a\u{A0}b", "practice", "municipal", "published", "draft", "2019", "../practices/x.md"]
        return (0..<random.int(1...4)).map { _ in random.pick(words) }.joined(separator: random.pick([" ", " ", "  ", ", "]))
    }

    func flowSequence(_ random: inout SeededGenerator) -> String {
        let items = (0..<random.int(0...4)).map { _ in flowItem(&random) }
        let separator = random.pick([", ", ", ", ",", " , ", ",  "])
        let (inner, outer) = (random.pick(["", "", " ", "  "]), random.pick(["", "", "", " "]))
        return "[" + inner + items.joined(separator: separator) + inner + "]" + outer
    }

    func flowMapping(_ random: inout SeededGenerator) -> String {
        var keys = ["start", "end", "a", "b", "metric", "k-1", "x_y", "0"]
        if odd(&random) { keys += ["a b", "\"q\"", "null", "~", "-k", "ключ", "a"] }
        let pairs = (0..<random.int(0...3)).map { number in
            let key = !odd(&random) ? keys[number] : random.pick(keys)
            return key + (!odd(&random) ? ": " : random.pick([":", " : ", ":  "])) + flowItem(&random)
        }
        let inner = random.pick(["", "", " "])
        return "{" + inner + pairs.joined(separator: random.pick([", ", ",", " , "])) + inner + "}"
    }

    func flowItem(_ random: inout SeededGenerator) -> String {
        if !odd(&random) {
            return random.pick(["a", "b c", "Jürgen", "日本", "😀", "2019", "2022-01-01", "x.md", "../p/q.md", "~", "null", "yes",
                                "e\u{301}", "a\u{A0}b", "\"q, r\"", "\"\"", "\"a: b\"", "x y  z", "1_000", ".inf"])
        }
        switch random.int(0..<10) {
        case 0..<4: return randomScalar(&random, length: 1...6)
        case 4..<6: return "\"" + randomScalar(&random, length: 0...6) + "\""
        case 6..<8: return random.pick(["[b]", "{a: b}", "[]", "{}", "'s'", "", " ", "-", "- a", "?", "*a", "&a b", "!t b"])
        default: return random.pick(Self.trickyValues)
        }
    }

    /// `- item` lines under a key, at one indentation or, sometimes, several.
    func blockList(_ random: inout SeededGenerator) -> [String] {
        let indent = random.pick([0, 0, 2, 2, 2, 4, 1, 3])
        var lines: [String] = []
        for _ in 0..<random.int(1...4) {
            var at = indent
            if odd(&random) { at = max(0, indent + random.pick([-2, -1, 1, 2])) }
            let pad = String(repeating: " ", count: at)
            let dash = !odd(&random) ? "- " : random.pick(["-", "-  ", "-\t", "- - ", "-- ", "? "])
            switch random.int(0..<100) {
            case 0..<50: lines.append(pad + dash + value(&random))
            case 50..<92:
                // A mapping item: `- key: value`, then its other keys under the first.
                var keys: [String] = []
                for number in 0..<random.int(1...3) {
                    var key = random.pick(["metric", "before", "after", "a", "b", "name", "k"])
                    if keys.contains(key), !odd(&random) { key = "c\(number)" }
                    keys.append(key)
                    let line = key + (!odd(&random) ? ": " : random.pick([":", ":  ", " : "])) + value(&random)
                    if number == 0 {
                        lines.append(pad + dash + line)
                    } else {
                        let shift = !odd(&random) ? 2 : random.pick([0, 1, 3, 4])
                        lines.append(String(repeating: " ", count: at + shift) + line)
                    }
                }
            default:
                if !odd(&random) { lines.append(pad + dash + plainWords(&random)); break }
                lines.append(pad + dash + random.pick(["", "-", "- a", "a:", "a: b: c", "k:\n" + pad + "    - x", "|\n" + pad + "   text",
                                                       "x\n" + pad + "  continued", "x\n" + pad + "   - y", "k: v\n" + pad + "  - y"]))
            }
            if random.chance(0.08) { lines.append("") }
            if odd(&random) { lines.append(contentsOf: filler(&random)) }
        }
        return lines
    }

    /// `key:` then `a: 1` lines, indented.
    func nestedMapping(_ random: inout SeededGenerator, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        return (0..<random.int(1...3)).map { number in pad + "n\(number): " + value(&random) }
    }

    /// What may stand between entries: empty lines, comments, white space, document markers.
    func filler(_ random: inout SeededGenerator) -> [String] {
        random.pick([[""], ["", ""], ["# comment"], ["  # indented comment"], [" "], ["  "], ["---"], ["..."], ["--- "],
                     ["#"], ["\t"], ["%YAML 1.1"], ["- stray"], ["  - stray"], ["\u{A0}"]])
    }

    /// Random characters from `alphabet`.
    func randomScalar(_ random: inout SeededGenerator, length: ClosedRange<Int>) -> String {
        (0..<random.int(length)).map { _ in random.pick(Self.alphabet) }.joined()
    }

    /// The text with one random change of the kinds that move lines, columns or meaning.
    func damaged(_ text: String, _ random: inout SeededGenerator) -> String {
        var scalars = Array(text.unicodeScalars)
        func position() -> Int { random.int(0...scalars.count) }
        switch random.int(0..<10) {
        case 0, 1:
            let insert = random.pick([":", "#", " ", " #", ": ", "\"", "'", "[", "]", "{", "}", ",", "-", "\n", "\n  ", "\t", "\r", "\u{A0}", "\u{2028}", "\u{85}", "\u{FEFF}", "é", "😀", "&", "*", "!", "|", ">", "?"])
            scalars.insert(contentsOf: insert.unicodeScalars, at: position())
        case 2:
            if !scalars.isEmpty { scalars.remove(at: random.int(0..<scalars.count)) }
        case 3: return text.replacingOccurrences(of: "\n", with: "\r\n")
        case 4: return "\u{FEFF}" + text
        case 5:
            // A line indented, or its indentation taken away.
            var lines = text.components(separatedBy: "\n")
            let line = random.int(0..<lines.count)
            lines[line] = random.chance(0.5) ? random.pick([" ", "  ", "\t"]) + lines[line] : String(lines[line].drop { $0 == " " })
            return lines.joined(separator: "\n")
        case 6:
            var lines = text.components(separatedBy: "\n")
            let line = random.int(0..<lines.count)
            lines.insert(lines[line], at: line)
            return lines.joined(separator: "\n")
        case 7:
            var lines = text.components(separatedBy: "\n")
            let line = random.int(0..<lines.count)
            lines[line] += random.pick([" ", "  ", "\t", " #", "\u{A0}", ":"])
            return lines.joined(separator: "\n")
        case 8: return text.replacingOccurrences(of: " ", with: random.pick(["  ", "\u{A0}", "\t"]), options: [], range: nil)
        default:
            // A line break alone, or CR alone.
            let index = position()
            scalars.insert(random.pick(["\r", "\n", "\u{2029}"]), at: index)
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}

extension FrontMatterGenerator {
    /// `text` with one to three characters or short pieces put in, taken out or replaced.
    func nearby(_ text: String, _ random: inout SeededGenerator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<random.int(1...3) {
            let piece = Array(random.pick(Self.alphabet + ["\n", "\n ", "\n  ", "- ", "\n- ", ": ", "\"", "\\", "'", "\r"]).unicodeScalars)
            let at = random.int(0...scalars.count)
            switch random.int(0..<3) {
            case 0: scalars.insert(contentsOf: piece, at: at)
            case 1: if at < scalars.count { scalars.remove(at: at) }
            default: if at < scalars.count { scalars.replaceSubrange(at..<at + 1, with: piece) }
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}
