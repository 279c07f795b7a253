import Foundation
import Testing
import Yams
@testable import PraxisKit

/// `FrontMatterReader` must give exactly the node Yams composes (text, plain or quoted, structure,
/// every mark), and leave to Yams whatever it does not read the same way.
@Suite("Front matter reader")
struct FrontMatterReaderTests {
    /// Shapes the reader reads itself; each must equal what Yams composes.
    @Test(arguments: [
        "title: Hello",
        "title: Hello\n",
        "title: \"Quoted: with a colon, and # a hash\"\ndate: 2025-01-31",
        "draft: no\nversion: 1.10\ndate: 2025-01-31\ncount: 007\nempty_quoted: \"\"",
        "nothing: ~\nnull_word: null\nNull_word: Null",
        "tags: [a, b c,  d ]",
        "tags: []\nother: [ ]",
        "tags: [\"x, y\", z, \"]\"]",
        "tags: [ \"a\" , b ]   ",
        "period: {start: 2019, end: 2022}",
        "period: { start: 2019 }\nnone: {}",
        "related:\n  - a.md\n  - ../b/c.md#part\nnext: x",
        "related:\n- a.md\n- \"b.md\"\nnext: x",
        "related:\n\n    - a.md\n\n    - b.md\n\nnext: x",
        "outcomes:\n  - metric: \"m\"\n    before: 1\n    after: \"2 days\"\n  - metric: n\n    before: 3\nlast: y",
        "title: Ünïcödé 日本 ✓ 😀\nauthors: [\"Jürgen\", \"Ñandú\", 名前, \"😀\", x]\nperiod: {start: 二, end: 😀}",
        "\n\ntitle: a\n\nsummary: b\n\n",
        "k:   spaced out",
        "k: http://example.org/a?b=c#frag",
        "k: a\"b'c",
        "k: a,b [c] {d}",
        "k: a:b",
        "k: \"a\"   ",
        "k: ...\nl: a ---",
        "snake_case-key_2: v\n_x: y\n0: zero",
        "k:\n  - [a, b]\n  - {start: 1}\n  - \"q\"",
        // YAML 1.1 would type these; Praxis composes with the basic resolver, so they stay text.
        "k: yes\nl: 0x1F\nm: 1_000\nn: .inf\no: 2024-01-01\np: ~\nq: null\nr: 1e3",
        "k: [a,b]\nl: [ ]\nm: {}\nn: [a , b]",
        "k: a\u{A0}\nl: \u{A0}x\nm: [a\u{A0}b]\nn: \"\u{A0}\"",
        "k: e\u{301}\nl: [e\u{301}, x]\nm: {a: e\u{301}, b: y}",
        "k: a\u{A0}#b\nl: a:\u{A0}b",
        "k:\n- a\nl:\n  - b\nm:\n    - c",
    ])
    func readsLikeYams(_ yaml: String) throws {
        let read = try #require(FrontMatterReader.read(yaml))
        #expect(Self.describe(read) == Self.describe(try Self.yams(yaml)))
    }

    /// A line of many items is read in linear time, marks as Yams gives them: a node's column was
    /// counted along its line, so 10,000 items on one line took about 25 seconds in a debug build
    /// (Yams: milliseconds), and a pull request could stall a build with one long line.
    @Test func aLongLineOfManyItemsIsReadAsYamsReadsIt() throws {
        for item in ["a", "é", "😀", "\"日本\""] {
            let yaml = "tags: [" + Array(repeating: item, count: 10_000).joined(separator: ", ") + "]\nnext: {a: é, b: x}"
            let clock = ContinuousClock()
            var read: FrontMatterNode?
            let time = clock.measure { read = FrontMatterReader.read(yaml) }
            #expect(time < .seconds(2), "\(item): \(time)")
            #expect(Self.describe(try #require(read)) == Self.describe(try Self.yams(yaml)))
        }
    }

    /// Everything else is left to Yams (nil), so its values and its errors are Yams' own.
    @Test(arguments: [
        "",
        "\n\n",
        "# a comment\ntitle: a",
        "title: a # a comment",
        "title: 'single quoted'",
        "title: \"escaped \\\" quote\"",
        "title: \"spans\n  two lines\"",
        "title: a\n  continued",
        "title:\n  on the next line",
        "title: a: b",
        "title: ends with a colon:",
        "title: trailing space ",
        "title:\tA",
        "title: a\tb",
        "title: a\r\nsummary: b",
        "title: \u{FEFF}bom",
        "title: a\u{2028}b",
        "title: a\u{85}b",
        "title: a\u{7F}b",
        "title: a\u{0}b",
        "title: a\ntitle: b",
        "a: &anchor 1\nb: *anchor",
        "a: !tag x",
        "a: |\n  block",
        "a: >\n  folded",
        "a: -1",
        "a: @x",
        "a: `x`",
        "a: %x",
        "a: ?x",
        "empty:\nnext: 1",
        "empty:",
        "list:\n  - \n  - a",
        "list:\n  -a",
        "list:\n  -  a",
        "list:\n  - a\n    continued",
        "list:\n  - a\n   - b",
        "list:\n  - a\n - b",
        "nested:\n  a: 1",
        "k: [a, [b]]",
        "k: [a, {b: c}]",
        "k: [a, ]",
        "k: [a",
        "k: [a] x",
        "k: {a}",
        "k: {a:1}",
        "k: {a: 1, a: 2}",
        "k: [a: b]",
        "k: [a #b]",
        "k: v\n- x",
        "- a\n- b",
        "  indented: root",
        "\"quoted key\": v",
        "tïtle: x",
        "http://x: y",
        "key : v",
        "k: v\n  ",
        "outcomes:\n  - metric: a\n    before:\n  - metric: b",
        "outcomes:\n  - metric: a\n    metric: b",
        "outcomes:\n  - metric: a\n      before: b",
        "? complex\n: key",
        "--- x",
        "k: \"\\u00e9\"",
        "k: -",
        "k: - a",
        "k: {a: [b]}",
        "k: [a]\u{A0}",
        "k: \"a\"\u{A0}",
        "k: a\u{2029}b",
        "\u{FEFF}k: v",
        "k: a\n...",
        "k: a\n---",
        "k: [ a, ]",
        "k:\n- a\n-  b",
        "k:\n- a\n  - b",
        "k:\n  - a\n- b",
        "k:\n  - a: 1\n  b: 2",
        String(repeating: "k", count: 513) + ": v",
    ])
    func leavesTheRestToYams(_ yaml: String) {
        #expect(FrontMatterReader.read(yaml) == nil)
    }

    /// Every document of a generated corpus is read by the reader, as Yams reads it.
    @Test func aGeneratedCorpusReadsAsYamsReadsIt() throws {
        let site = try DiskSite.generated(documents: 300)
        defer { site.remove() }
        let files = try FileManager.default.subpathsOfDirectory(atPath: site.root + "/content").filter { $0.hasSuffix(".md") }
        #expect(files.count == 300)
        for file in files {
            let text = try String(contentsOfFile: site.root + "/content/" + file, encoding: .utf8)
            let yaml = try FrontMatterSplitter.split(text).get().yaml
            let read = try #require(FrontMatterReader.read(yaml), "\(file)")
            #expect(Self.describe(read) == Self.describe(try Self.yams(yaml)), "\(file)")
        }
    }

    /// Positions the diagnostics give stay where Yams put them, on the corpus's shapes (the
    /// expected lines are what Praxis printed before the reader existed).
    @Test func diagnosticsKeepTheirPositions() {
        let site = TestSite("""
        -- content/case-studies/a.md --
        ---
        title: "Ünïcödé case"
        summary: S
        date: 2025-13-01
        tags: ["fine", 42, "Jürgen", [nested]]
        period: {start: 2019, end: 2018}
        outcomes:
          - metric: m
            before: 1
            colour: red
        related:
          - /absolute.md
        ---
        Body.
        """)
        #expect(site.diagnostics() == [
            "content/case-studies/a.md:4:7: error: bad date `2025-13-01` for `date`: write a real calendar date as YYYY-MM-DD, e.g. `2025-03-14`",
            "content/case-studies/a.md:5:30: error: each item of `tags` must be a single non-empty value, not a list: a list inside a list is not allowed; write every item in one list, such as `[a, b, c]`",
            "content/case-studies/a.md:6:28: error: `period` ends (2018) before it starts (2019)",
            "content/case-studies/a.md:10:5: error: unknown key `colour` in `outcomes`; entries have `metric`, `before` or `after`",
            "content/case-studies/a.md:12:5: error: `related` entries are relative paths to other documents' .md files, such as `../practices/example.md`; `/absolute.md` is not",
        ])
    }
}

private extension FrontMatterReaderTests {
    static func yams(_ yaml: String) throws -> FrontMatterNode {
        FrontMatterNode(try #require(try Yams.compose(yaml: yaml, .basic, .default, .utf8)))
    }
}

extension FrontMatterReaderTests {
    /// The node as text: kind, plain or quoted, mark and content, nested (`FrontMatterFuzzTests` too).
    static func describe(_ node: FrontMatterNode) -> String {
        let mark = "@\(node.line.map(String.init) ?? "?"):\(node.column.map(String.init) ?? "?")"
        switch node.content {
        case let .scalar(text, isPlain): return "\(isPlain ? "plain" : "quoted")\(mark)\(text.debugDescription)"
        case let .sequence(items): return "seq\(mark)[" + items.map(describe).joined(separator: ", ") + "]"
        case let .mapping(pairs): return "map\(mark){" + pairs.map { describe($0.key) + ": " + describe($0.value) }.joined(separator: ", ") + "}"
        case .alias: return "alias\(mark)"
        }
    }
}
