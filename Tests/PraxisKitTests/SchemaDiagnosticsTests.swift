import Testing
@testable import PraxisKit

/// Every front matter mistake is reported once, at the exact line and column of the offending
/// key or value, with what to do about it.
@Suite("Schema diagnostics")
struct SchemaDiagnosticsTests {
    @Test func valueOutsideVocabularySuggestsTheNearest() {
        let site = TestSite("""
        -- content/practices/a.md --
        ---
        title: A
        summary: S
        date: 2025-01-31
        level: provincal
        ---
        """)
        #expect(site.diagnostics() == [
            "content/practices/a.md:5:8: error: `provincal` is not an allowed value of `level` (allowed: `municipal`, `provincial`, `national` or `international`); did you mean `provincial`?",
        ])
    }

    @Test func listItemOutsideVocabularyIsReportedAtTheItem() {
        let site = TestSite("""
        -- content/practices/a.md --
        ---
        title: A
        summary: S
        date: 2025-01-31
        evidence: [proven, emerging]
        ---
        """)
        #expect(site.diagnostics() == ["content/practices/a.md:5:11: error: `evidence` must be a single value, not a list"])
    }

    @Test func missingRequiredFieldsPointAtTheOpeningFence() {
        let site = TestSite("""
        -- content/lessons/b.md --
        ---
        title: B
        ---
        Body
        """)
        #expect(site.diagnostics() == [
            "content/lessons/b.md:1:1: error: missing required field `date`; add a line such as `date: 2025-01-31`",
            "content/lessons/b.md:1:1: error: missing required field `summary`; add a line such as `summary: …`",
        ])
    }

    @Test func emptyRequiredValueIsReportedAtItsKey() {
        let site = TestSite("""
        -- content/lessons/b.md --
        ---
        title: B
        summary:
        date: 2025-01-31
        ---
        """)
        #expect(site.diagnostics() == ["content/lessons/b.md:3:1: error: missing required field `summary`; add a line such as `summary: …`"])
    }

    @Test func wrongTypesAndBadDates() {
        let site = TestSite("""
        -- content/case-studies/c.md --
        ---
        title: [not, a, string]
        summary: S
        date: 2025-02-30
        updated: yesterday
        tags: {a: b}
        period: {start: 2020, end: 2018}
        outcomes:
          - metric: Waiting time
            befor: 10 days
        ---
        """)
        #expect(site.diagnostics() == [
            "content/case-studies/c.md:2:8: error: `title` must be a single value, not a list",
            "content/case-studies/c.md:4:7: error: bad date `2025-02-30` for `date`: write a real calendar date as YYYY-MM-DD, e.g. `2025-03-14`",
            "content/case-studies/c.md:5:10: error: bad date `yesterday` for `updated`: write a real calendar date as YYYY-MM-DD, e.g. `2025-03-14`",
            "content/case-studies/c.md:6:7: error: `tags` must be a list such as `[a, b]`, not a mapping",
            "content/case-studies/c.md:7:28: error: `period` ends (2018) before it starts (2020)",
            "content/case-studies/c.md:10:5: error: unknown key `befor` in `outcomes`; entries have `metric`, `before` or `after`; did you mean `before`?",
        ])
    }

    @Test func yamlSyntaxErrorHasItsOwnPosition() {
        let site = TestSite("""
        -- content/practices/a.md --
        ---
        title: A
        summary: "unclosed
        date: 2025-01-31
        ---
        """)
        let diagnostics = site.diagnostics()
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.hasPrefix("content/practices/a.md:3:10: error: YAML syntax error") == true)
    }

    @Test func duplicateKeyPointsAtTheSecondOccurrence() {
        let site = TestSite("""
        -- content/practices/a.md --
        ---
        title: A
        summary: S
        date: 2025-01-31
        title: B
        ---
        """)
        #expect(site.diagnostics() == ["content/practices/a.md:5:1: error: duplicate key `title` (first set on line 2); keep one of them"])
    }

    @Test func invalidSlugSuggestsTheNormalForm() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "slug: Cloud Migration\n"))
        """)
        #expect(site.diagnostics() == ["content/practices/a.md:5:7: error: invalid slug `Cloud Migration`: a slug is lowercase letters (of any script) and digits separated by single hyphens; write `slug: cloud-migration`"])
    }

    @Test func unknownFieldsAndLongSummariesAreWarnings() {
        let long = String(repeating: "word ", count: 70)
        let site = TestSite("""
        -- content/lessons/a.md --
        ---
        title: A
        summary: \(long)
        date: 2025-01-31
        tgas: [x]
        evidence: proven
        ---
        """)
        let report = site.build()
        #expect(report.succeeded)
        #expect(report.diagnostics.map(\.description) == [
            "content/lessons/a.md:3:10: warning: `summary` is 349 characters long; keep it under 300 so cards and search results show all of it",
            "content/lessons/a.md:5:1: warning: unknown field `tgas`; did you mean `tags`? (kept for templates; declare it under `schema.fields` in site.yml to check it)",
            "content/lessons/a.md:6:1: warning: field `evidence` belongs to `practice` documents, not `lesson`; it is kept for templates but not checked or shown",
        ])
    }

    @Test func kindComesFromTheFolderOrFromKind() {
        let site = TestSite("""
        -- content/misc/a.md --
        \(frontMatter(extra: "kind: lesson\n"))
        -- content/misc/b.md --
        \(frontMatter())
        -- content/practices/c.md --
        \(frontMatter(extra: "kind: lessen\n"))
        """)
        #expect(site.diagnostics() == [
            "content/misc/b.md:1:1: error: cannot tell what kind of document this is: put it in `content/practices/`, `content/case-studies/` or `content/lessons/`, or add `kind:` (`practice`, `case-study` or `lesson`)",
            "content/practices/c.md:5:7: error: unknown kind `lessen`; allowed: `practice`, `case-study` or `lesson`; did you mean `lesson`?",
        ])
    }

    @Test func filesThatAreNotDocuments() {
        let site = TestSite("""
        -- content/practices/a.md --
        # No front matter
        -- content/practices/b.md --
        ---
        title: B
        """)
        #expect(site.diagnostics() == [
            "content/practices/a.md:1:1: error: no front matter: a document starts with a line `---`, then `title:`, `summary:`, `date:` … and another `---`",
            "content/practices/b.md:1:1: error: front matter opened here is never closed; add a line `---` after the last field",
        ])
    }

    @Test func allProblemsOfARunAreSortedAndCounted() {
        let site = TestSite("""
        -- content/practices/z.md --
        ---
        title: Z
        ---
        -- content/practices/a.md --
        \(frontMatter(extra: "level: nowhere\n"))
        """)
        let report = site.check()
        #expect(report.diagnostics.map(\.location.path) == ["content/practices/a.md", "content/practices/z.md", "content/practices/z.md"])
        // Documents with errors are still documents: their links are checked too.
        #expect(report.summary.hasPrefix("praxis: 2 documents, 3 errors, 0 warnings"))
    }
}
