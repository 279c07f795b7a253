import Foundation
import Testing
@testable import PraxisKit

/// Files published beside the pages run with the site's address: an HTML page or an SVG with a
/// script would get around the rule that drops raw HTML from Markdown.
@Suite("Active content")
struct ActiveContentTests {
    static let site = """
    -- content/practices/a.md --
    \(frontMatter(extra: "related: [b/index.md]\n"))
    [e](evil.html) ![Chart](chart.svg) [data](feed.xml) [report](report.pdf)
    -- content/practices/evil.html --
    <script>alert(1)</script>
    -- content/practices/chart.svg --
    <svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;ava&#x09;script:alert(1)"><text>x</text></a></svg>
    -- content/practices/feed.xml --
    <?xml version="1.0"?><feed/>
    -- content/practices/report.pdf --
    pdf
    -- content/practices/b/index.md --
    \(frontMatter("B"))
    ![Flow](flow.svg)
    -- content/practices/b/flow.svg --
    <svg xmlns="http://www.w3.org/2000/svg">
      <rect width="10" onload="alert(1)"/>
    </svg>
    -- content/practices/b/plain.svg --
    <svg xmlns="http://www.w3.org/2000/svg"><rect width="10"/></svg>
    """

    @Test func linkedOrBundledActiveFilesAreErrorsAndNotCopied() {
        let site = TestSite(Self.site)
        let report = site.build()
        let advice = "or set `markdown: {raw_html: true}` in site.yml if this site trusts everyone who can change its content"
        #expect(report.diagnostics.map(\.description) == [
            "content/practices/a.md:7:1: error: `evil.html` is an HTML page, which would run in readers' browsers with the site's address; write it as a Markdown document (or publish a PDF), \(advice)",
            "content/practices/a.md:7:16: error: `chart.svg` is an SVG image with a script address in `href`, which would run in readers' browsers with the site's address; remove that part (export a plain SVG, or run it through svgo) or use a PNG, \(advice)",
            "content/practices/a.md:7:36: error: `feed.xml` is an XML file (a browser runs XSLT and XHTML in it), which would run in readers' browsers with the site's address; publish the data as .json, .csv or .txt, \(advice)",
            "content/practices/b/flow.svg:2:20: error: `flow.svg` is an SVG image with an event handler attribute (`onload`), which would run in readers' browsers with the site's address; remove that part (export a plain SVG, or run it through svgo) or use a PNG, \(advice)",
        ])
        #expect(!report.succeeded)
    }

    @Test func aSiteThatTrustsItsContributorsPublishesThem() {
        let site = TestSite("-- site.yml --\nmarkdown: {raw_html: true}\n" + Self.site)
        #expect(site.build().diagnostics == [])
        for path in ["practices/evil.html", "practices/chart.svg", "practices/b/flow.svg", "practices/b/plain.svg", "practices/report.pdf"] {
            #expect(site.outputPaths.contains(path), "\(path)")
        }
    }

    @Test(arguments: [
        ("<svg><script>alert(1)</script></svg>", "an SVG image with a `<script>` element", 1, 6),
        ("<svg>\n<svg:script/></svg>", "an SVG image with a `<svg:script>` element", 2, 1),
        ("<svg><foreignObject><p>x</p></foreignObject></svg>", "an SVG image with a `<foreignobject>` element", 1, 6),
        ("<!DOCTYPE svg [<!ENTITY x \"y\">]><svg/>", "an SVG image with declarations in its `<!DOCTYPE`, which can hide a script", 1, 1),
        ("<?xml-stylesheet href=\"x.xsl\"?><svg/>", "an SVG image with a style sheet instruction (`<?xml-stylesheet`), which can run XSLT", 1, 1),
        ("<svg><set attributeName=\"href\" to=\"java\nscript:x\"/></svg>", "an SVG image with a script address in `to`", 1, 32),
        ("<svg><g ONCLICK='x()'/></svg>", "an SVG image with an event handler attribute (`onclick`)", 1, 9),
        ("\u{FEFF}<svg>é<a xlink:href='VBScript:x'/></svg>", "an SVG image with a script address in `xlink:href`", 1, 11),
    ])
    func svgThatCanRunCodeIsFoundWhereItStarts(_ svg: String, _ reason: String, _ line: Int, _ column: Int) throws {
        let found = try #require(ActiveContent.find(in: "x.svg") { Data(svg.utf8) })
        #expect(found.reason == reason)
        #expect((found.line, found.column) == (line, column))
    }

    @Test func plainSVGsAndOtherFilesAreFine() throws {
        let plain = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
        <!-- onload="x" in a comment -->
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
          <style>.a { fill: red; } /* onclick= */</style>
          <a xlink:href="https://example.org/"><text opacity="0.5">javascript: is only text here</text></a>
          <image href="data:image/png;base64,AAAA" width="1" height="1"/>
          <animate attributeName="opacity" values="0;1" dur="1s"/>
        </svg>
        """
        #expect(ActiveContent.find(in: "plain.svg") { Data(plain.utf8) } == nil)
        #expect(ActiveContent.find(in: "report.pdf") { nil } == nil)
        #expect(ActiveContent.find(in: "x.svg") { Data([0xFF, 0xFE, 0x3C, 0x00]) }?.reason == "an SVG image not saved as UTF-8, whose scripts cannot be checked")
        for name in ["a.HTML", "a.js", "a.mjs", "a.xhtml", "a.svgz", "a.php"] {
            #expect(ActiveContent.find(in: name) { nil } != nil, "\(name)")
        }
    }

    @Test func theStarterContentsImagesArePlain() throws {
        for path in ["content/practices/knowledge-register/flow.svg", "content/case-studies/integrated-provincial-support-programme/learning-loop.svg"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: TestSite.repository + "/" + path))
            #expect(ActiveContent.find(in: path) { data } == nil, "\(path)")
        }
    }
}
