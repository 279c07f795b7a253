import Testing
@testable import PraxisKit

/// The theme engine as a theme author meets it (README "Themes").
@Suite("Templates")
struct TemplateTests {
    @Test func valuesAreEscapedUnlessTripleBraced() {
        let context: TemplateValue = ["title": "<b>\"Q&A\"</b> it's"]
        #expect(render("{{title}}|{{{title}}}|{{& title}}", context) == "&lt;b&gt;&quot;Q&amp;A&quot;&lt;/b&gt; it&#39;s|<b>\"Q&A\"</b> it's|<b>\"Q&A\"</b> it's")
        #expect(render("{{% CONTENT_TYPE: TEXT}}\n{{title}}", context) == "<b>\"Q&A\"</b> it's")
    }

    @Test func sectionsRepeatOverListsAndKnowTheirPlace() {
        let context: TemplateValue = ["tags": ["a", "b", "c"], "none": [], "yes": true, "no": false]
        #expect(render("{{#tags}}{{index()}}:{{.}}{{^last()}}, {{/last()}}{{/tags}}", context) == "0:a, 1:b, 2:c")
        #expect(render("{{#none}}x{{/none}}{{^none}}empty{{/none}}{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}{{^missing}}?{{/missing}}", context) == "emptyY!N?")
    }

    @Test func anEmptyTextOrAZeroStillOpensASection() {
        // As in swift-mustache: only false, nothing and an empty list keep a section shut, which
        // is why the context builder leaves empty texts out (README "Template context").
        #expect(render("{{#a}}[{{.}}]{{/a}}{{#n}}({{.}}){{/n}}", ["a": "", "n": 0]) == "[](0)")
    }

    @Test func namesAreLookedUpOutwardsAndDotsGoInwards() {
        let context: TemplateValue = ["site": ["title": "Praxis"], "items": [["title": "One"], ["name": "Two"]]]
        #expect(render("{{#items}}{{title}}/{{site.title}};{{/items}}", context) == "One/Praxis;/Praxis;")
        #expect(render("{{#items}}[{{.title}}]{{/items}}", context) == "[One][]")
        #expect(render("{{site.missing.deeper}}{{missing}}", context) == "")
    }

    @Test func standaloneTagsTakeTheirLineWithThem() {
        let context: TemplateValue = ["items": [["a": "1"], ["a": "2"]]]
        #expect(render("<ul>\n  {{#items}}\n  <li>{{a}}</li>\n  {{/items}}\n</ul>\n", context) == "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n")
        #expect(render("a\n  {{! note }}  \r\nb", context) == "a\nb")
    }

    @Test func aPartialAloneOnItsLineIsIndented() {
        #expect(render("<div>\n  {{> item}}\n</div>", ["a": "x"], partials: ["item": "<p>\n{{a}}\n</p>\n"]) == "<div>\n  <p>\n  x\n  </p>\n</div>")
        #expect(render("<div>{{> item}}</div>", ["a": "x"], partials: ["item": "<p>{{a}}</p>"]) == "<div><p>x</p></div>")
    }

    @Test func aParentsBlocksAreOverridden() {
        let partials = ["base": "<h1>{{$title}}Untitled{{/title}}</h1>{{$body}}…{{/body}}"]
        #expect(render("{{<base}}{{$title}}{{name}}{{/title}}{{/base}}", ["name": "Mine"], partials: partials) == "<h1>Mine</h1>…")
    }

    @Test func transformsWorkOnTextsNumbersAndLists() {
        let context: TemplateValue = ["name": "praxis", "count": 4, "tags": ["b", "a"], "meta": ["x": "1", "w": "2"]]
        #expect(render("{{uppercased(name)}} {{plusone(count)}} {{count(tags)}} {{first(sorted(tags))}} {{#odd(count)}}odd{{/odd(count)}}", context) == "PRAXIS 5 2 a ")
        #expect(render("{{#enumerated(meta)}}{{key}}={{value}};{{/enumerated(meta)}}", context) == "w=2;x=1;")
        #expect(render("{{#empty(tags)}}none{{/empty(tags)}}{{^empty(tags)}}some{{/empty(tags)}}", context) == "some")
    }

    @Test func aListShownAsAValueListsItsItems() {
        #expect(render("{{tags}}", ["tags": ["a", "<b>"]]) == "a, &lt;b&gt;")
        #expect(render("[{{obj}}]", ["obj": ["a": "b"]]) == "[]")
    }

    @Test func setDelimitersChangeTheTagsThatFollow() {
        #expect(render("{{=<% %>=}}<% a %>{{a}}<%={{ }}=%>{{a}}", ["a": "x"]) == "x{{a}}x")
    }

    @Test func syntaxErrorsSayWhereAndWhat() {
        #expect(error("<p>\n  {{#open}}\n</p>") == TemplateError(kind: .unclosedSection, line: 2, column: 3))
        #expect(error("{{#a}}\n{{/b}}") == TemplateError(kind: .sectionCloseNameIncorrect, line: 2, column: 1))
        #expect(error("x {{name") == TemplateError(kind: .unfinishedTag, line: 1, column: 3))
        #expect(error("é {{bad name}}") == TemplateError(kind: .unfinishedTag, line: 1, column: 3))
        #expect(error("{{a(b}}") == TemplateError(kind: .unfinishedTag, line: 1, column: 1))
        #expect(error("{{=<%=}}") == TemplateError(kind: .invalidSetDelimiter, line: 1, column: 1))
        #expect(error("{{% CONTENT_TYPE: XML}}") == TemplateError(kind: .unknownConfiguration, line: 1, column: 1))
        #expect(error("{{<base}}{{x}}{{/base}}") == TemplateError(kind: .illegalTokenInsideInheritance, line: 1, column: 1))
        #expect(error("text ends with {{") == TemplateError(kind: .unfinishedTag, line: 1, column: 16))
    }

    @Test func partialsThatIncludeEachOtherAreReported() {
        let site = TestSite("""
        -- templates/partials/a.mustache --
        <a>{{> partials/b}}</a>
        -- templates/partials/b.mustache --
        {{#x}}
          {{> partials/a}}
        {{/x}}
        -- content/practices/a.md --
        \(frontMatter())
        """)
        #expect(site.diagnostics() == ["templates/partials/b.mustache:2:3: error: partials include each other without end (`partials/a` → `partials/b` → `partials/a`); remove one of these includes"])
    }

    @Test func aPartialNamedByAValueStopsWhereItWouldNeverEnd() {
        let out = render("{{>* name}}", ["name": "loop"], partials: ["loop": "+{{>* name}}"])
        #expect(out == String(repeating: "+", count: TemplateRenderer.depthLimit))
    }
}

private func render(_ text: String, _ context: TemplateValue, partials: [String: String] = [:]) -> String {
    var templates: [String: Template] = [:]
    for (name, source) in partials.merging(["main": text], uniquingKeysWith: { $1 }) {
        templates[name] = try! TemplateParser.parse(source).0.get()
    }
    var renderer = TemplateRenderer(templates: templates)
    renderer.render(templates["main"]!, with: context)
    return String(decoding: renderer.output, as: UTF8.self)
}

private func error(_ text: String) -> TemplateError? {
    if case let .failure(error) = TemplateParser.parse(text).0 { return error }
    return nil
}
