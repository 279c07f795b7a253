import Foundation
import Testing
@testable import PraxisKit

/// Addresses that are not internal: external links are marked for styling; addresses that can run
/// code or break offline reading are reported at the link.
@Suite("External and unsafe addresses")
struct DestinationTests {
    @Test func externalLinksGetAClassForTheTheme() throws {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "related: [b.md]\n"))
        [Ext](https://example.org/a?x=1&y=2 "Title") <https://example.org/auto> www.example.net [b](b.md) [mail](mailto:x@example.org) [top](#a)

        ## A
        -- content/practices/b.md --
        \(frontMatter("B"))
        """)
        #expect(site.build().diagnostics == [])
        let html = try #require(site.output("practices/a/index.html"))
        #expect(html.contains("<a class=\"external\" href=\"https://example.org/a?x=1&amp;y=2\" title=\"Title\">Ext</a>"))
        #expect(html.contains("<a class=\"external\" href=\"https://example.org/auto\">https://example.org/auto</a>"))
        #expect(html.contains("<a class=\"external\" href=\"http://www.example.net\">www.example.net</a>"))
        #expect(html.contains("<a href=\"../b/index.html\">b</a>"))
        #expect(html.contains("<a href=\"mailto:x@example.org\">mail</a>"))
        #expect(!html.contains("praxis:external"))
        let css = try #require(site.output("assets/style.css"))
        // A small arrow, with empty alternative text so screen readers do not announce it.
        #expect(css.contains("a.external::after"))
        #expect(css.contains("content: \"\\2197\" / \"\";"))
    }

    @Test func addressesThatRunCodeOrNameALocalFileAreReported() throws {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter())
        [j](javascript:alert(1)) [d](data:text/html,x) [v](VBScript:x) [f](file:///etc/passwd)
        ![pixel](https://tracker.example/pixel.png) ![cdn](//cdn.example/x.png) ![inline](data:image/png;base64,AAAA)
        """)
        let report = site.build()
        #expect(report.diagnostics.map(\.description) == [
            "content/practices/a.md:6:1: warning: link `javascript:alert(1)` is dropped (its address is left empty): a `javascript:` address can run code in readers' browsers; link a page or a file instead",
            "content/practices/a.md:6:26: warning: link `data:text/html,x` is dropped (its address is left empty): a `data:` address can run code in readers' browsers; link a page or a file instead",
            "content/practices/a.md:6:48: warning: link `VBScript:x` is dropped (its address is left empty): a `vbscript:` address can run code in readers' browsers; link a page or a file instead",
            "content/practices/a.md:6:64: warning: link `file:///etc/passwd` is dropped (its address is left empty): it names a file on the writer's own computer, which readers do not have; put the file beside this document and link it relatively, e.g. `[report](report.pdf)`",
            "content/practices/a.md:7:1: warning: image `https://tracker.example/pixel.png` is loaded from tracker.example: readers offline will not see it, and every reader's browser asks that host for it when the page opens; copy the image beside this document and write `![…](pixel.png)`",
            "content/practices/a.md:7:45: warning: image `//cdn.example/x.png` is loaded from cdn.example: readers offline will not see it, and every reader's browser asks that host for it when the page opens; copy the image beside this document and write `![…](x.png)`",
        ])
        let html = try #require(site.output("practices/a/index.html"))
        #expect(!html.contains("javascript:") && !html.contains("vbscript:") && !html.contains("file:"))
        #expect(html.contains("src=\"data:image/png;base64,AAAA\""))
    }

    @Test func withRawHTMLScriptAddressesAreTheSitesResponsibility() {
        let site = TestSite("""
        -- site.yml --
        markdown: {raw_html: true}
        -- content/practices/a.md --
        \(frontMatter())
        [j](javascript:alert(1)) [f](file:///tmp/x.pdf) ![w](C:\\Users\\me\\chart.png)
        """)
        #expect(site.diagnostics() == [
            "content/practices/a.md:6:26: warning: link `file:///tmp/x.pdf` names a file on the writer's own computer, which readers do not have; put the file beside this document and link it relatively, e.g. `[report](report.pdf)`",
            "content/practices/a.md:6:49: warning: image `C:\\Users\\me\\chart.png` names a file on the writer's own computer, which readers do not have; put the file beside this document and link it relatively, e.g. `[report](report.pdf)`",
        ])
    }
}
