import Foundation
import Testing
@testable import PraxisKit

/// Inputs that once crashed Praxis or produced a silently wrong page.
@Suite("Edge cases")
struct EdgeCaseTests {
    @Test func emptyWikiLinksStayTextInsteadOfCrashing() throws {
        let site = TestSite("-- content/practices/a.md --\n\(frontMatter())\nSee [[|]] and [[ |x]] here.\n")
        #expect(site.build().diagnostics == [])
        #expect(site.output("practices/a/index.html")?.contains("See [[|]] and [[ |x]] here.") == true)
    }

    /// Hidden files and folders under content/ are not published (an editor's swap file, notes).
    @Test func hiddenFilesAndFoldersAreLeftOut() throws {
        let site = try DiskSite("""
        -- content/practices/a.md --
        \(frontMatter("A"))
        -- content/practices/.draft.md --
        \(frontMatter("A hidden file"))
        -- content/practices/.notes/b.md --
        \(frontMatter("In a hidden folder"))
        """)
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded && report.documents == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root + "/_site/practices").sorted() == ["a", "index.html"])
    }

    @Test func anIndexFileDirectlyInAKindFolderDoesNotHideItsSiblings() {
        let site = TestSite("""
        -- content/practices/index.md --
        \(frontMatter("Intro"))
        -- content/practices/a.md --
        \(frontMatter("A", extra: "related: [b.md]\n"))
        -- content/practices/b.md --
        \(frontMatter("B", extra: "related: [a.md]\n"))
        """)
        let report = site.build()
        #expect(report.documents == 2)
        #expect(report.diagnostics.map(\.description) == [
            "content/practices/index.md:1:1: warning: an index.md directly in `content/practices` is not a document; name documents `<slug>.md` or `<slug>/index.md`",
        ])
    }

    @Test func absentOptionalValuesLeaveNoEmptyMarkup() throws {
        let site = TestSite("-- site.yml --\ntitle: T\n-- content/practices/a.md --\n\(frontMatter())\n")
        _ = site.build()
        let html = try #require(site.output("practices/a/index.html"))
        #expect(!html.contains("datetime=\"\""))
        #expect(!html.contains("name=\"description\""))
        let list = try #require(site.output("practices/index.html"))
        #expect(!list.contains("href=\"\""))
    }

    @Test func percentEncodedAnchorsQueriesAndSameFileAnchorsAreChecked() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "related: [b.md]\n"))
        [ok](b.md#caf%C3%A9) [query](b.md?x=1#café) [here](#intro) [nowhere](#nope)

        ## Intro
        -- content/practices/b.md --
        \(frontMatter("B"))
        ## Café
        """)
        #expect(site.diagnostics() == ["content/practices/a.md:7:60: error: `#nope` is not a heading of this document"])
    }

    @Test func columnsOnIndentedContinuationLinesAreExact() {
        let site = TestSite("-- content/practices/a.md --\n\(frontMatter())\nPara line one\n  indented [i](nope.md) and [[nowiki]]\n")
        #expect(site.diagnostics() == [
            "content/practices/a.md:7:12: error: link to `nope.md`, which is not a document (no content/practices/nope.md)",
            "content/practices/a.md:7:29: error: wiki link `[[nowiki]]` names no document (no slug `nowiki`)",
        ])
    }

    @Test func fileNamesWithSpacesAndPercentSignsArePercentEncodedInLinks() throws {
        let site = TestSite("""
        -- content/practices/a/index.md --
        \(frontMatter())
        ![Chart](my%20chart.svg) [Report](100%25%20done.pdf)
        -- content/practices/a/my chart.svg --
        <svg xmlns="http://www.w3.org/2000/svg"/>
        -- content/practices/a/100% done.pdf --
        pdf
        """)
        #expect(site.build().diagnostics == [])
        let html = try #require(site.output("practices/a/index.html"))
        #expect(html.contains("src=\"my%20chart.svg\""))
        #expect(html.contains("href=\"100%25%20done.pdf\""))
        #expect(site.output("practices/a/my chart.svg") != nil)
    }

    @Test func emptyListItemsAreErrors() {
        let site = TestSite("-- content/practices/a.md --\n\(frontMatter(extra: "tags: [a, \"\", b]\n"))\n")
        #expect(site.diagnostics() == ["content/practices/a.md:5:11: error: each item of `tags` must be a single non-empty value, not empty; remove the empty item"])
    }

    @Test func termsThatWouldShareAPageAreReported() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "tags: [C++, São Tomé]\nrelated: [b.md]\n"))
        -- content/practices/b.md --
        \(frontMatter("B", extra: "tags: [C#, sao tome]\nrelated: [a.md]\n"))
        """)
        #expect(site.diagnostics() == ["content/practices/b.md:5:8: warning: `C#` and `C++` in `tags` would share the page tags/c/; spell them alike if they mean the same, or rename one"])
    }

    @Test func schemaMistakesPointAtTheDeclaration() {
        let site = TestSite("""
        -- site.yml --
        schema:
          fields:
            licence:
              type: string
              kinds: [toolkt]
        -- content/practices/a.md --
        \(frontMatter())
        """)
        #expect(site.diagnostics() == ["site.yml:5:14: error: field `licence` names kind `toolkt`, which the schema does not declare"])
    }

    @Test func templateErrorsExplainThemselvesAtTheOpeningTag() {
        let site = TestSite("""
        -- templates/404.mustache --
        {{> partials/head}}
        <p>{{#site}}open</p>
        {{> partials/foot}}
        -- content/practices/a.md --
        \(frontMatter())
        """)
        #expect(site.diagnostics() == ["templates/404.mustache:2:4: error: template syntax error: the section opened here with `{{#…}}` or `{{^…}}` is never closed with `{{/…}}`"])
    }

    @Test func aContentFolderThatIsALinkOutsideTheRepositoryIsAnError() throws {
        let outside = try DiskSite(theme: false)
        defer { outside.remove() }
        try outside.write("practices/x.md", "---\ntitle: X\nsummary: S\ndate: 2025-01-01\n---\n")
        let site = try DiskSite()
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(atPath: site.root + "/content", withDestinationPath: outside.root)
        let report = site.build(write: false)
        #expect(report.diagnostics.first?.description.hasPrefix("content:1:1: error: content/ is a symbolic link that leads outside the repository") == true)
    }

    @Test func aFileNameThatIsNotUTF8IsReported() throws {
        let site = try DiskSite("-- content/practices/ok.md --\n\(frontMatter())\n")
        defer { site.remove() }
        let name = site.root + "/content/practices/caf\u{FFFD}.md"
        let raw = Array((site.root + "/content/practices/caf").utf8) + [0xE9] + Array(".md".utf8) + [0]
        let handle = raw.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(handle >= 0)
        close(handle)
        let report = site.build(write: false)
        #expect(report.diagnostics.map(\.description).contains("\(String(name.dropFirst(site.root.count + 1))):1:1: error: the file name is not valid UTF-8 and cannot be published; rename the file"))
    }

    @Test func rawHTMLThatImitatesALinkMarkerWithAHugeNumberBuilds() throws {
        let site = TestSite("""
        -- site.yml --
        markdown: {raw_html: true}
        -- content/practices/a.md --
        \(frontMatter())
        <a href="praxis-ref:99999999999999999999999">y</a> [b](b.md)
        -- content/practices/b.md --
        \(frontMatter("B"))
        """)
        #expect(site.build().succeeded)
        let html = try #require(site.output("practices/a/index.html"))
        #expect(html.contains("<a href=\"\">y</a>"))
        #expect(html.contains("<a href=\"../b/index.html\">b</a>"))
    }
}
