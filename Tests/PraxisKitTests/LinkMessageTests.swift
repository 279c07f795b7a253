import Foundation
import Testing
@testable import PraxisKit

/// Each message says what is wrong in the terms of what the contributor wrote, and what to do.
@Suite("Link messages")
struct LinkMessageTests {
    @Test func filesOutsideContentFoldersAndImagesOfDocumentsAreExplained() {
        let site = TestSite("""
        -- site.yml --
        title: T
        -- content/practices/a/index.md --
        \(frontMatter(extra: "related: [../b.md]\n"))
        [x](../../../site.yml) [r](../../../README.md) [d](.) [p](../../practices/) ![md](../b.md)
        -- content/practices/b.md --
        \(frontMatter("B", extra: "related: [a/index.md]\n"))
        [d](.)
        """)
        #expect(site.diagnostics() == [
            "content/practices/a/index.md:7:1: error: link `../../../site.yml` leads to site.yml, which is outside content/: only files under content/ and static/ are published; move the file beside this document (or into static/) and link it there",
            "content/practices/a/index.md:7:24: error: link `../../../README.md` leads to README.md, which is outside content/: only documents under content/ are published; link one of those",
            "content/practices/a/index.md:7:55: error: link `../../practices/` names the folder content/practices, not a document; link a document's .md file, e.g. `../../practices/example.md`",
            "content/practices/a/index.md:7:77: error: image `../b.md` names a document, which cannot be shown as an image; link it with `[text](../b.md)`, or show an image file",
            "content/practices/b.md:7:1: error: link `.` names the folder content/practices, not a document; link a document's .md file, e.g. `./example.md`",
        ])
    }

    @Test func anAmbiguousWikiLinkSuggestsFormsThatAreNotAmbiguous() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "related: [alpha.md, ../lessons/alpha.md, ../lessons/sub/alpha.md]\n"))
        [[alpha]] [[lessons/alpha]] [[#intro]]
        -- content/practices/alpha.md --
        \(frontMatter("Alpha"))
        -- content/lessons/alpha.md --
        \(frontMatter("Alpha lesson"))
        -- content/lessons/sub/alpha.md --
        \(frontMatter("Alpha [draft]", extra: "slug: alpha\n"))
        """)
        let wiki = site.diagnostics().filter { $0.contains("wiki link") }
        #expect(wiki == [
            "content/practices/a.md:7:1: error: wiki link `[[alpha]]` is ambiguous: 3 documents have the slug `alpha`; write one of `[Alpha lesson](../lessons/alpha.md)`, `[text](../lessons/sub/alpha.md)` or `[[practices/alpha]]`",
            "content/practices/a.md:7:11: error: wiki link `[[lessons/alpha]]` is ambiguous: 2 documents have the slug `lessons/alpha`; write one of `[Alpha lesson](../lessons/alpha.md)` or `[text](../lessons/sub/alpha.md)`",
            "content/practices/a.md:7:29: error: wiki link `[[#intro]]` names no document; for a heading of this page write `[text](#intro)`, or put the document's slug before the `#`",
        ])
    }

    @Test func controlCharactersInMessagesAreEscaped() {
        let site = TestSite("-- content/practices/a.md --\n\(frontMatter())\n[t](a%09b%00c%1B.md)\n")
        #expect(site.diagnostics() == ["content/practices/a.md:6:1: error: link to `a%09b%00c%1B.md`, which is not a document (no content/practices/a\\tb\\0c\\u{1B}.md)"])
        #expect(Diagnostic.error("x", at: SourceLocation(path: "a\nb.md"), "bidi \u{202E}x").description == "a\\nb.md:1:1: error: bidi \\u{202E}x")
    }

    @Test func suggestionsKeepSomethingOfWhatWasTyped() {
        #expect(Suggestion.nearest(to: "", in: ["e5"]) == nil)
        #expect(Suggestion.nearest(to: "x", in: ["e5", "a"]) == nil)
        #expect(Suggestion.nearest(to: "warnin", in: ["error", "warning"]) == "warning")
        let site = TestSite("-- site.yml --\nlinks: {broken: warnin}\n-- content/practices/a.md --\n\(frontMatter())\n")
        #expect(site.diagnostics() == ["site.yml:1:17: error: `links.broken` must be `error` or `warning`, not `warnin`; did you mean `warning`?"])
    }

    @Test func aListInsideAListIsExplained() {
        let site = TestSite("-- content/practices/a.md --\n\(frontMatter(extra: "tags: [a, [b, c]]\n"))\n")
        #expect(site.diagnostics() == ["content/practices/a.md:5:11: error: each item of `tags` must be a single non-empty value, not a list: a list inside a list is not allowed; write every item in one list, such as `[a, b, c]`"])
    }

    @Test func aMissingRepositoryOrContentFolderIsReported() {
        let nowhere = SiteBuilder(fileSystem: InMemoryFileSystem(), paths: ProjectPaths(root: "/nonexistent"), options: .init(write: false)).run()
        #expect(nowhere.diagnostics.map(\.description) == ["/nonexistent:1:1: error: the repository folder /nonexistent does not exist; run praxis in the repository, or name it with `--root DIR`"])
        #expect(TestSite("-- site.yml --\ntitle: T\n").diagnostics() == [
            "content:1:1: warning: there is no content/ folder, so the site has no documents; add documents as Markdown files in `content/practices/`, `content/case-studies/` or `content/lessons/` (README \"Adding a document\")",
        ])
        #expect(TestSite("-- content --\ntext\n").diagnostics() == [
            "content:1:1: error: content is a file, but it must be the folder that holds the documents (`content/practices/`, `content/case-studies/` or `content/lessons/`); rename or move the file",
        ])
    }
}
