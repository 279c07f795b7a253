import Testing
@testable import PraxisKit

@Suite("Rendering")
struct RenderingTests {
    @Test func frontMatterValuesAreEscapedEverywhere() throws {
        let site = TestSite("""
        -- content/practices/a.md --
        ---
        title: "<script>alert(1)</script> & co"
        summary: "Quotes \\" and <b>tags</b>"
        date: 2025-01-01
        tags: ["<img src=x onerror=alert(1)>"]
        ---
        """)
        #expect(site.build().succeeded)
        for path in ["practices/a/index.html", "practices/index.html", "index.html", "tags/index.html"] {
            let html = try #require(site.output(path), "\(path) missing")
            #expect(!html.contains("<script>alert"), "\(path)")
            #expect(!html.contains("<img src=x"), "\(path)")
        }
        #expect(site.output("practices/a/index.html")!.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
    }

    @Test func rawHTMLIsDroppedAndReportedUnlessTheSiteOptsIn() throws {
        let body = "\(frontMatter())\n<div onclick=\"x()\">hi</div>\n\n[x](javascript:alert(1))\n"
        let safe = TestSite("-- content/practices/a.md --\n\(body)")
        let report = safe.build()
        #expect(report.diagnostics.map(\.description) == [
            "content/practices/a.md:6:1: warning: raw HTML is not rendered; use Markdown, or set `markdown: {raw_html: true}` in site.yml if this site trusts its contributors",
            "content/practices/a.md:8:1: warning: link `javascript:alert(1)` is dropped (its address is left empty): a `javascript:` address can run code in readers' browsers; link a page or a file instead",
        ])
        let html = try #require(safe.output("practices/a/index.html"))
        #expect(!html.contains("onclick"))
        #expect(!html.contains("javascript:"))
        let trusting = TestSite("-- site.yml --\nmarkdown: {raw_html: true}\n-- content/practices/a.md --\n\(body)")
        #expect(trusting.build().diagnostics == [])
        #expect(trusting.output("practices/a/index.html")!.contains("<div onclick=\"x()\">hi</div>"))
    }

    @Test func headingsGetGitHubIDsAndATableOfContents() throws {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter())
        ## What it is
        ## What it is
        ### Q&A: *why*?
        """)
        #expect(site.build().succeeded)
        let html = try #require(site.output("practices/a/index.html"))
        #expect(html.contains("<h2 id=\"what-it-is\">What it is</h2>"))
        #expect(html.contains("<h2 id=\"what-it-is-1\">What it is</h2>"))
        #expect(html.contains("<h3 id=\"qa-why\">Q&amp;A: <em>why</em>?</h3>"))
        #expect(html.contains("<a href=\"#what-it-is-1\">What it is</a>"))
    }

    @Test func gfmExtensionsAreOn() throws {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter())
        | a | b |
        | --- | ---: |
        | 1 | 2 |

        ~~old~~ www.example.org

        - [x] done

        Note.[^1]

        [^1]: A footnote.
        """)
        #expect(site.build().succeeded)
        let html = try #require(site.output("practices/a/index.html"))
        #expect(html.contains("<table>"))
        #expect(html.contains("style=\"text-align: right\""))
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a class=\"external\" href=\"http://www.example.org\">www.example.org</a>"))
        #expect(html.contains("type=\"checkbox\""))
        #expect(html.contains("class=\"footnotes\""))
    }

    @Test func taskListCheckboxesAreLabelledByTheirItemText() throws {
        let site = TestSite("""
        -- content/practices/a.md --
        \(frontMatter("A"))
        - [x] done *well*
        - [ ] open
          - [ ] nested
            second line

        1. [ ] loose

           more
        """)
        #expect(site.build().succeeded)
        let html = try #require(site.output("practices/a/index.html"))
        #expect(html.contains("<li class=\"task-list-item\"><label><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done <em>well</em></label></li>"))
        #expect(html.contains("<label><input type=\"checkbox\" disabled=\"\" /> open</label>\n<ul>"))
        #expect(html.contains("<label><input type=\"checkbox\" disabled=\"\" /> nested\nsecond line</label></li>"))
        #expect(html.contains("<li class=\"task-list-item\">\n<p><label><input type=\"checkbox\" disabled=\"\" /> loose</label></p>\n<p>more</p>"))
        #expect(!html.contains("<input type=\"checkbox\" disabled=\"\" /> loose</p>"))
    }

    @Test func paginationShowsTheEndsAndTheNeighbourhoodOfTheCurrentPage() throws {
        #expect(ListingRenderer.pageWindow(current: 1, total: 1) == [1])
        #expect(ListingRenderer.pageWindow(current: 2, total: 4) == [1, 2, 3, 4])
        #expect(ListingRenderer.pageWindow(current: 1, total: 200) == [1, 2, 3, nil, 200])
        #expect(ListingRenderer.pageWindow(current: 100, total: 200) == [1, nil, 98, 99, 100, 101, 102, nil, 200])
        #expect(ListingRenderer.pageWindow(current: 5, total: 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9], "a gap of one page shows the page")
        var documents = ""
        for number in 1...30 { documents += "-- content/practices/p\(number).md --\n\(frontMatter("P\(number)"))\n" }
        let site = TestSite("-- site.yml --\npage_size: 1\n" + documents)
        #expect(site.build().succeeded)
        let page = try #require(site.output("practices/page/15/index.html"))
        let bar = try #require(page.components(separatedBy: "<nav class=\"pagination\"").last?.components(separatedBy: "</nav>").first)
        #expect(bar.components(separatedBy: "<li><a href=").count - 1 == 9, "first, last, 13–17, previous and next")
        #expect(bar.contains("<a href=\"../../index.html\">1</a>"))
        #expect(bar.contains("<a href=\"../30/index.html\">30</a>"))
        #expect(bar.contains("<a href=\"index.html\" aria-current=\"page\">15</a>"))
        #expect(!bar.contains(">12</a>") && !bar.contains(">18</a>"))
        #expect(bar.components(separatedBy: "pagination-gap").count - 1 == 2)
    }

    @Test func everyPageKindIsWrittenWithRelativeLinks() throws {
        let site = TestSite("""
        -- site.yml --
        page_size: 2
        -- content/practices/a.md --
        \(frontMatter("A", extra: "tags: [cloud, São Tomé]\nlevel: national\n"))
        -- content/practices/b.md --
        \(frontMatter("B", extra: "tags: [cloud]\n"))
        -- content/practices/c.md --
        \(frontMatter("C", extra: "tags: [cloud]\n"))
        """)
        #expect(site.build().succeeded)
        for path in ["index.html", "404.html", "browse/index.html", "practices/index.html", "practices/page/2/index.html",
                     "tags/index.html", "tags/cloud/index.html", "tags/cloud/page/2/index.html", "tags/sao-tome/index.html",
                     "level/national/index.html", "case-studies/index.html", "assets/style.css"] {
            #expect(site.output(path) != nil, "\(path) was not written")
        }
        let page2 = try #require(site.output("tags/cloud/page/2/index.html"))
        #expect(page2.contains("href=\"../../../../assets/style.css\""))
        #expect(page2.contains("href=\"../../index.html\" rel=\"prev\""))
        #expect(!page2.contains("href=\"/"))
    }

    @Test func aSiteOverridesOneTemplateWithoutCopyingTheTheme() throws {
        let site = TestSite("""
        -- templates/404.mustache --
        {{> partials/head}}<h1>Lost in {{site.title}}</h1>{{> partials/foot}}
        -- assets/extra.css --
        body {}
        -- content/practices/a.md --
        \(frontMatter())
        """)
        #expect(site.build().succeeded)
        #expect(site.output("404.html")!.contains("<h1>Lost in Praxis</h1>"))
        #expect(site.output("index.html")!.contains("Newest entries"))
        #expect(site.output("assets/extra.css") == "body {}\n")
    }

    @Test func valuesAreEscapedByteByByteSoCombiningMarksCannotHideAQuote() throws {
        // swift-mustache's own escaper walks grapheme clusters: `"` + U+0301 is one cluster there
        // and came out unescaped, ending the attribute and opening a new one.
        let site = TestSite("""
        -- templates/404.mustache --
        {{> partials/head}}<p>lost</p>{{> partials/foot}}
        -- templates/document.mustache --
        <a title="{{doc.title}}" data-summary='{{doc.summary}}'>x</a>
        -- content/practices/a.md --
        ---
        title: "x\\u0022\\u0301 onmouseover=alert(1) <b>"
        summary: "it's & \\u0027\\u0301"
        date: 2024-01-01
        ---
        Body.
        """)
        #expect(site.build().succeeded)
        let html = try #require(site.output("practices/a/index.html"))
        #expect(html == "<a title=\"x&quot;\u{301} onmouseover=alert(1) &lt;b&gt;\" data-summary='it&#39;s &amp; &#39;\u{301}'>x</a>\n")
    }

    @Test func templateSyntaxErrorsPointAtTheirOwnLine() {
        let site = TestSite("""
        -- templates/404.mustache --
        {{#a}}{{/b}}
        -- templates/search.mustache --
        <p>
        {{> partials/head}}
        {{#list}}{{/other}}
        -- content/practices/a.md --
        \(frontMatter())
        """)
        let diagnostics = site.diagnostics()
        #expect(diagnostics.contains { $0.hasPrefix("templates/404.mustache:1:") && $0.contains("closes a section that is not the one open here") })
        #expect(diagnostics.contains { $0.hasPrefix("templates/search.mustache:3:") && $0.contains("closes a section that is not the one open here") })
    }

    @Test func templateProblemsAreDiagnostics() {
        let site = TestSite("""
        -- templates/404.mustache --
        {{> partials/head}}
        {{#open}}
        {{> partials/nowhere}}
        -- content/practices/a.md --
        \(frontMatter())
        """)
        let diagnostics = site.diagnostics()
        #expect(diagnostics.contains("templates/404.mustache:3:1: error: template `404` includes partial `partials/nowhere`, which does not exist"))
    }

    @Test func templatesReachEveryFieldAndUndeclaredValueByName() throws {
        let site = TestSite("""
        -- templates/document.mustache --
        {{#doc}}{{fields.evidence}}|{{fields.tags}}|{{extra.licence}}|{{count(extra)}}|{{#enumerated(extra)}}{{key}};{{/enumerated(extra)}}|{{#extra.contact}}{{name}}{{/extra.contact}}{{/doc}}
        -- content/practices/a.md --
        ---
        title: A
        summary: S
        date: 2024-01-01
        evidence: proven
        tags: [b, a]
        licence: CC-BY
        contact: {name: Ana}
        ---
        """)
        #expect(site.build().diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(site.output("practices/a/index.html") == "proven|b, a|CC-BY|2|contact;licence;|Ana\n")
    }
}
