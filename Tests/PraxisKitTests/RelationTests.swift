import Testing
@testable import PraxisKit

@Suite("Relations and body links")
struct RelationTests {
    static let site = """
    -- content/practices/reviews.md --
    ---
    title: Post-project reviews
    summary: Reviews.
    date: 2025-01-01
    ---
    ## How to do it
    See [the case](../case-studies/city/index.md#approach) and [[city]].
    -- content/case-studies/city/index.md --
    ---
    title: City case
    summary: A city.
    date: 2025-02-01
    practices: [../../practices/reviews.md]
    related:
      - ../../lessons/lesson.md
    ---
    ## Approach
    ![A diagram of the approach](diagram.svg)
    -- content/case-studies/city/diagram.svg --
    <svg xmlns="http://www.w3.org/2000/svg"/>
    -- content/lessons/lesson.md --
    ---
    title: A lesson
    summary: Learned.
    date: 2025-03-01
    source: ../case-studies/city/index.md
    ---
    Back to [reviews](../practices/reviews.md#how-to-do-it).
    """

    @Test func relationsAppearOnBothPages() throws {
        let site = TestSite(Self.site)
        #expect(site.build().diagnostics == [])
        let practice = try #require(site.output("practices/reviews/index.html"))
        #expect(practice.contains("Applied in"))
        #expect(practice.contains("href=\"../../case-studies/city/index.html\""))
        let lesson = try #require(site.output("lessons/lesson/index.html"))
        #expect(lesson.contains("Related"))
        let caseStudy = try #require(site.output("case-studies/city/index.html"))
        #expect(caseStudy.contains("Lessons learned"))
        #expect(caseStudy.contains("Practices applied"))
        #expect(caseStudy.contains("href=\"../../lessons/lesson/index.html\""))
    }

    @Test func bodyLinksAreRewrittenAndBundleAssetsCopied() throws {
        let site = TestSite(Self.site)
        _ = site.build()
        let practice = try #require(site.output("practices/reviews/index.html"))
        #expect(practice.contains("<a href=\"../../case-studies/city/index.html#approach\">the case</a>"))
        let lesson = try #require(site.output("lessons/lesson/index.html"))
        #expect(lesson.contains("<a href=\"../../practices/reviews/index.html#how-to-do-it\">reviews</a>"))
        let caseStudy = try #require(site.output("case-studies/city/index.html"))
        #expect(caseStudy.contains("<img src=\"diagram.svg\" alt=\"A diagram of the approach\" />"))
        #expect(site.outputPaths.contains("case-studies/city/diagram.svg"))
    }

    @Test func wikiLinksResolveBySlugWithTheTitleAsDefaultLabel() throws {
        let site = TestSite(Self.site)
        #expect(site.build().diagnostics == [])
        let practice = try #require(site.output("practices/reviews/index.html"))
        #expect(practice.contains("and <a href=\"../../case-studies/city/index.html\">City case</a>."))
        let more = TestSite(Self.site + """

        -- content/lessons/two.md --
        ---
        title: Two
        summary: S
        date: 2025-01-01
        ---
        [[practices/reviews#how-to-do-it|how]], [[lesson]] and `[[not a link]]`.
        """)
        #expect(more.build().diagnostics.filter(\.isError) == [])
        let html = try #require(more.output("lessons/two/index.html"))
        #expect(html.contains("<a href=\"../../practices/reviews/index.html#how-to-do-it\">how</a>, <a href=\"../lesson/index.html\">A lesson</a> and <code>[[not a link]]</code>."))
    }

    @Test func brokenAndAmbiguousWikiLinksAreErrors() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "related: [../lessons/a.md]\n"))
        Intro [[b]] and [[a]] and [[practices/a#nope]].
        -- content/lessons/a.md --
        \(frontMatter())
        """)
        #expect(site.diagnostics() == [
            "content/practices/a.md:7:7: error: wiki link `[[b]]` names no document (no slug `b`)",
            "content/practices/a.md:7:17: error: wiki link `[[a]]` is ambiguous: 2 documents have the slug `a`; write one of `[[lessons/a]]` or `[[practices/a]]`",
            "content/practices/a.md:7:27: error: `#nope` is not a heading of content/practices/a.md; it has no headings",
        ])
    }

    @Test func columnsCountCharactersNotBytes() {
        // "São Tomé — " is 11 characters but 15 UTF-8 bytes, and a flag is one character of 8
        // bytes: editors show the character column.
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter())
        São Tomé — [x](missing.md) and 🇿🇦 [y](gone.md)
        """)
        #expect(site.diagnostics() == [
            "content/practices/a.md:6:12: error: link to `missing.md`, which is not a document (no content/practices/missing.md)",
            "content/practices/a.md:6:34: error: link to `gone.md`, which is not a document (no content/practices/gone.md)",
        ])
    }

    @Test func brokenReferencesAreErrorsAtTheirPosition() {
        let site = TestSite("""
        -- content/practices/a.md --
        ---
        title: A
        summary: S
        date: 2025-01-01
        related: [missing.md, ../lessons/l.md]
        ---
        Text [gone](../lessons/gone.md) and [bad anchor](../lessons/l.md#nope).
        ![missing image](img.png)
        -- content/lessons/l.md --
        ---
        title: L
        summary: S
        date: 2025-01-01
        source: ../practices/a.md
        ---
        ## Why it happened
        """)
        #expect(site.diagnostics() == [
            "content/lessons/l.md:5:9: error: `source` must name a case-study document, but `../practices/a.md` is a practice",
            "content/practices/a.md:5:11: error: `related` names `missing.md`, which is not a document (no content/practices/missing.md); check the path relative to this file",
            "content/practices/a.md:7:6: error: link to `../lessons/gone.md`, which is not a document (no content/lessons/gone.md)",
            "content/practices/a.md:7:37: error: `#nope` is not a heading of content/lessons/l.md",
            "content/practices/a.md:8:1: error: image `img.png` names a file that does not exist (content/practices/img.png)",
        ])
    }

    @Test func linksThatLeaveTheRepositoryAreErrors() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter())
        [secrets](../../../etc/passwd) and [abs](/etc/passwd)
        """)
        #expect(site.diagnostics() == [
            "content/practices/a.md:6:1: error: link `../../../etc/passwd` leads outside the repository; link a document or a file under content/ relative to this file",
            "content/practices/a.md:6:36: error: link `/etc/passwd` is not a relative path; write it relative to this file, e.g. `../practices/example.md`",
        ])
    }

    @Test func brokenLinksCanBeDowngradedButNotSilenced() {
        let site = TestSite("""
        -- site.yml --
        links: {broken: warning}
        -- content/practices/a.md --
        \(frontMatter())
        [gone](gone.md)
        """)
        let report = site.build()
        #expect(report.succeeded)
        #expect(report.diagnostics.map(\.description) == ["content/practices/a.md:6:1: warning: link to `gone.md`, which is not a document (no content/practices/gone.md)"])
    }

    @Test func twoDocumentsWithOneOutputPathAreAnError() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter())
        -- content/practices/other/b.md --
        \(frontMatter(extra: "slug: a\n"))
        """)
        #expect(site.check().diagnostics.filter(\.isError).map(\.description) == [
            "content/practices/a.md:1:1: error: this document and content/practices/other/b.md would both be written to practices/a/index.html; rename one file or give it another `slug:`",
            "content/practices/other/b.md:5:1: error: this document and content/practices/a.md would both be written to practices/a/index.html; rename one file or give it another `slug:`",
        ])
    }

    @Test func draftsAreBuiltOnlyOnRequestAndLinksToThemWarn() {
        let spec = """
        -- content/practices/a.md --
        \(frontMatter(extra: "related: [b.md]\n"))
        -- content/practices/b.md --
        \(frontMatter("B", extra: "status: draft\n"))
        """
        let site = TestSite(spec)
        let report = site.build()
        #expect(report.succeeded)
        #expect(report.diagnostics.map(\.description) == ["content/practices/a.md:5:11: warning: `related` names `b.md`, a draft that is not published; it is left out until it is"])
        #expect(site.output("practices/b/index.html") == nil)
        let withDrafts = TestSite(spec)
        #expect(withDrafts.build(drafts: true).diagnostics == [])
        #expect(withDrafts.output("practices/b/index.html")?.contains("Draft: this entry is not yet published.") == true)
    }
}
