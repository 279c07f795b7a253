import Testing
@testable import PraxisKit

@Suite("site.yml and the schema")
struct SchemaConfigTests {
    @Test func aSiteAddsAKindAFieldAndAVocabularyValueWithoutSwift() throws {
        let site = TestSite("""
        -- site.yml --
        schema:
          kinds:
            toolkit: {folder: toolkits, label: Toolkit, plural: Toolkits}
          fields:
            level: {type: string, values: [municipal, provincial, national, international, regional], taxonomy: true}
            licence: {type: string, required: true, kinds: [toolkit], values: [cc-by, cc0], taxonomy: true}
        -- content/toolkits/kit.md --
        \(frontMatter("Kit", extra: "level: regional\nlicence: cc0\n"))
        """)
        #expect(site.build().diagnostics == [])
        let html = try #require(site.output("toolkits/kit/index.html"))
        #expect(html.contains("href=\"../../licence/cc0/index.html\""))
        #expect(site.output("toolkits/index.html") != nil)
        #expect(site.output("level/regional/index.html") != nil)
    }

    @Test func mistakesInSiteYmlArePositioned() {
        let site = TestSite("""
        -- site.yml --
        title: T
        page_sise: 10
        schema:
          fields:
            rating: {type: nummber}
            level: {type: list}
            summary: {type: date}
        -- content/practices/a.md --
        \(frontMatter())
        """)
        #expect(site.diagnostics() == [
            "site.yml:2:1: warning: unknown key `page_sise` in site.yml; did you mean `page_size`?",
            "site.yml:5:20: error: unknown field type `nummber`; use `string`, `list`, `date`, `number`, `boolean`, `link`, `links`, `period` or `table`; did you mean `number`?",
            "site.yml:7:21: error: field `summary` has a fixed meaning to Praxis and must keep `type: string`",
        ])
    }

    @Test func theDefaultSchemaIsTheDocumentedOne() {
        let schema = Schema.defaults
        #expect(schema.kinds.map(\.folder) == ["practices", "case-studies", "lessons"])
        #expect(schema.taxonomies.map(\.name) == ["tags", "sectors", "level", "regions", "evidence", "outcome_type"])
        #expect(schema.fields.filter(\.required).map(\.name) == ["title", "summary", "date"])
        #expect(schema.field(named: "source")?.target == "case-study")
    }
}
