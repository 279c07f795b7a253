import Testing
@testable import PraxisKit

@Suite("Search settings in site.yml")
struct SearchConfigTests {
    @Test func defaultsFollowTheSiteLanguage() {
        let english = SearchConfig().resolved(siteLanguage: "en-GB")
        #expect(english.stem && english.stopWords.contains("the"))
        let portuguese = SearchConfig().resolved(siteLanguage: "pt")
        #expect(!portuguese.stem && portuguese.stopWords.isEmpty)
    }

    @Test func theSearchKeyIsReadAndChecked() {
        let (config, diagnostics) = SiteConfigReader().read("""
        language: en
        search:
          language: pt
          stem: true
          stop_words: [Os, "às"]
          text_fields: [what, summry]
          ranking: bm25
        """)
        #expect(config.search.language == "pt")
        #expect(config.search.stopWords == ["os", "as"])
        #expect(config.search.textFields == [])
        #expect(!config.search.resolved(siteLanguage: "en").stem)
        #expect(diagnostics.sorted().map(\.description) == [
            "site.yml:3:3: warning: stemming is available for English only; `pt` text is folded but not stemmed",
            "site.yml:6:17: error: `search.text_fields` names `what`, which is not a declared `string` or `list` field",
            "site.yml:6:23: error: `search.text_fields` names `summry`, which is not a declared `string` or `list` field; did you mean `summary`?",
            "site.yml:7:3: warning: unknown key `ranking` in `search`; known keys: `language`, `stem`, `stop_words` or `text_fields`",
        ])
    }
}
