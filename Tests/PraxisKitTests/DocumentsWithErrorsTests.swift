import Testing
@testable import PraxisKit

/// A document with an error of its own, and a draft, are not published, but everything in them
/// is still checked, and nothing else is reported because of them.
@Suite("Documents with errors and drafts")
struct DocumentsWithErrorsTests {
    @Test func aDocumentWithErrorsIsNotReportedMissingAndItsOwnLinksAreChecked() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "related: [b.md]\n"))
        [b](b.md), [[b]], [c](c.md) and [l](../lessons/l.md).
        -- content/practices/b.md --
        ---
        title: B
        summary: S
        date: 2025-13-01
        related: [nope.md, a.md]
        ---
        [x](nope2.md) and [a](a.md#nope)
        -- content/practices/c.md --
        ---
        title: [unclosed
        ---
        [y](nope3.md)
        -- content/lessons/l.md --
        \(frontMatter("L", extra: "source: ../practices/b.md\n"))
        """)
        #expect(site.diagnostics() == [
            "content/practices/b.md:4:7: error: bad date `2025-13-01` for `date`: write a real calendar date as YYYY-MM-DD, e.g. `2025-03-14`",
            "content/practices/b.md:5:11: error: `related` names `nope.md`, which is not a document (no content/practices/nope.md); check the path relative to this file",
            "content/practices/b.md:7:1: error: link to `nope2.md`, which is not a document (no content/practices/nope2.md)",
            "content/practices/b.md:7:19: error: `#nope` is not a heading of content/practices/a.md; it has no headings",
            "content/practices/c.md:2:8: error: YAML syntax error: the `[` that starts here is not closed with `]` (or an item in it needs quotes)",
            "content/practices/c.md:4:1: error: link to `nope3.md`, which is not a document (no content/practices/nope3.md)",
        ])
    }

    @Test func draftsAreAlwaysCheckedAndOnlyLeftOutOfTheOutput() {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "related: [d.md]\n"))
        [d](d.md) and [[d]]
        -- content/practices/d.md --
        \(frontMatter("D", extra: "status: draft\nrelated: [nope.md, a.md]\n"))
        [x](nope2.md) [[nope3]] [a](a.md) [[a]]
        """)
        let expected = [
            "content/practices/a.md:5:11: warning: `related` names `d.md`, a draft that is not published; it is left out until it is",
            "content/practices/a.md:7:1: warning: link `d.md` links a draft (content/practices/d.md), which is not published; the link is left out until the draft is published",
            "content/practices/a.md:7:15: warning: wiki link `[[d]]` links a draft (content/practices/d.md), which is not published; the link is left out until the draft is published",
            "content/practices/d.md:6:11: error: `related` names `nope.md`, which is not a document (no content/practices/nope.md); check the path relative to this file",
            "content/practices/d.md:8:1: error: link to `nope2.md`, which is not a document (no content/practices/nope2.md)",
            "content/practices/d.md:8:15: error: wiki link `[[nope3]]` names no document (no slug `nope3`)",
        ]
        let report = site.check()
        #expect(report.diagnostics.map(\.description) == expected)
        #expect(report.documents == 1)
        // With `--drafts` the draft is published: the same errors, and its links are no longer draft links.
        #expect(site.build(drafts: true).diagnostics.map(\.description) == Array(expected.dropFirst(3)))
    }
}
