import Foundation
import Testing
@testable import PraxisKit

@Suite("Taxonomy terms")
struct TaxonomyTests {
    /// Once a crash (`Index out of range` encoding the facet): one page twice in one term.
    @Test func valuesOfOnePageThatShareASlugMakeOneTermWithThePageOnce() throws {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "tags: [C++, c, Open Data, open-data]\nregions: [São Paulo, Sao Paulo]\n"))
        """)
        let report = site.build()
        #expect(report.diagnostics.map(\.description) == [
            "content/practices/a.md:5:13: warning: `c` and `C++` in `tags` would share the page tags/c/; spell them alike if they mean the same, or rename one",
        ])
        let shards = try (0..<8).flatMap { facet in (0..<8).compactMap { site.output("search/facet-\(facet)-\($0).json") } }
            .map { try JSONDecoder().decode(FacetShard.self, from: Data($0.utf8)) }
        let terms = shards.filter { $0.field == "tags" || $0.field == "regions" }.flatMap(\.values)
        #expect(terms.map(\.value).sorted() == ["c", "open-data", "sao-paulo"])
        #expect(terms.allSatisfy { $0.count == 1 })
        #expect(site.output("tags/open-data/index.html") != nil)
    }

    @Test func theWarningIsTheSameForValuesInOneDocumentOrInTwo() {
        let two = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "tags: [C++]\nrelated: [b.md]\n"))
        -- content/practices/b.md --
        \(frontMatter("B", extra: "tags: [x, c]\n"))
        """)
        #expect(two.diagnostics() == [
            "content/practices/b.md:5:11: warning: `c` and `C++` in `tags` would share the page tags/c/; spell them alike if they mean the same, or rename one",
        ])
    }

    @Test func termsInAnyScriptGetTheirOwnPage() throws {
        let site = TestSite("-- content/practices/a.md --\n\(frontMatter(extra: "tags: [Відкриті дані, 数据, 🚀]\n"))\n")
        #expect(site.build().diagnostics == [])
        #expect(site.output("tags/відкриті-дані/index.html") != nil)
        #expect(site.output("tags/数据/index.html") != nil)
        #expect(site.outputPaths.contains { $0.hasPrefix("tags/term-") })
        let page = try #require(site.output("practices/a/index.html"))
        #expect(page.contains("href=\"../../tags/%D0%B2%D1%96%D0%B4%D0%BA%D1%80%D0%B8%D1%82%D1%96-%D0%B4%D0%B0%D0%BD%D1%96/index.html\""))
    }
}
