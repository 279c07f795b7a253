import Foundation
import Testing
@testable import PraxisKit

@Suite("Backlinks, orphans and graph.json")
struct BacklinkTests {
    static let spec = """
    -- content/practices/reviews.md --
    ---
    title: Post-project reviews
    summary: Reviews.
    date: 2025-01-01
    ---
    Reviews are short. They keep memory.
    -- content/lessons/lesson.md --
    ---
    title: A lesson
    summary: Learned.
    date: 2025-03-01
    related: [../practices/reviews.md]
    ---
    We tried many things. Holding [reviews](../practices/reviews.md) after every project helped! Then we stopped.
    -- content/lessons/alone.md --
    ---
    title: Alone
    summary: Nobody links here.
    date: 2025-03-02
    ---
    """

    @Test func pagesListWhoLinksToThemWithTheSentenceAround() throws {
        let site = TestSite(Self.spec)
        _ = site.build()
        let html = try #require(site.output("practices/reviews/index.html"))
        #expect(html.contains("Referenced by"))
        #expect(html.contains("<a href=\"../../lessons/lesson/index.html\">A lesson</a>"))
        #expect(html.contains("<blockquote class=\"backlink-context\">Holding reviews after every project helped!</blockquote>"))
        #expect(site.output("lessons/lesson/index.html")?.contains("Referenced by") == false)
    }

    @Test func documentsNothingLinksToAreWarnings() {
        let site = TestSite(Self.spec)
        #expect(site.check().diagnostics.map(\.description) == [
            "content/lessons/alone.md:1:1: warning: no other document links to this one; link it from a related page or list it under `related:` so readers can find it",
        ])
    }

    @Test func theGraphListsEveryDocumentAndConnection() throws {
        let site = TestSite(Self.spec)
        _ = site.build()
        let data = Data(try #require(site.output("graph.json")).utf8)
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(graph["nodes"] as? [[String: String]])
        #expect(nodes.map { $0["id"]! } == ["lessons/alone", "lessons/lesson", "practices/reviews"])
        #expect(nodes[2]["url"] == "practices/reviews/index.html")
        let edges = try #require(graph["edges"] as? [[String: String]])
        #expect(edges == [
            ["from": "lessons/lesson", "to": "practices/reviews", "type": "link"],
            ["from": "lessons/lesson", "to": "practices/reviews", "type": "related"],
        ])
    }

    @Test func theGraphEscapesTitlesAsJSON() throws {
        // In YAML's double quotes: a quote, a backslash, a tab and a line separator, escaped.
        let site = TestSite("-- content/practices/odd.md --\n---\ntitle: \"Quotes \\\"so\\\", a back\\\\slash, a\\ttab and a\\u2028line\"\nsummary: S\ndate: 2025-01-31\n---\nBody.\n")
        #expect(site.build().succeeded)
        let data = Data(try #require(site.output("graph.json")).utf8)
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(graph["nodes"] as? [[String: String]])
        #expect(nodes.first?["title"] == "Quotes \"so\", a back\\slash, a\ttab and a\u{2028}line")
    }
}
