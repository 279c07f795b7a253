import Testing
@testable import PraxisKit

@Suite("Slugs, heading ids and relative URLs")
struct SlugTests {
    @Test(arguments: [
        ("São Tomé", "sao-tome"),
        ("Post-project reviews", "post-project-reviews"),
        ("  Hello,   World!  ", "hello-world"),
        ("Straße in Kraków", "strasse-in-krakow"),
        ("Ærø 2024", "aero-2024"),
        ("数据", "数据"),
        ("Київ", "київ"),
        ("東京 2020", "東京-2020"),
        ("ﬁle Ａ①", "file-a1"),
        ("🚀 --- !", ""),
    ])
    func normalizesFileNames(_ input: String, _ expected: String) {
        #expect(Slug.normalize(input) == expected)
    }

    @Test func normalSlugs() {
        #expect(Slug.isNormal("cloud-migration"))
        #expect(!Slug.isNormal("Cloud Migration"))
        #expect(!Slug.isNormal("double--hyphen"))
        #expect(!Slug.isNormal(""))
    }

    @Test func headingIDsFollowGitHub() {
        var ids = HeadingIDs()
        #expect(ids.next(for: "What it is") == "what-it-is")
        #expect(ids.next(for: "Q&A: why?") == "qa-why")
        #expect(ids.next(for: "What it is") == "what-it-is-1")
        #expect(ids.next(for: "What it is") == "what-it-is-2")
        #expect(ids.next(for: "Café déjà vu") == "café-déjà-vu")
        #expect(ids.next(for: "snake_case and  two spaces") == "snake_case-and--two-spaces")
        #expect(ids.next(for: "🚀") == "section")
    }

    @Test func relativeURLsNameTheFile() {
        let style = URLStyle()
        #expect(style.href(from: "practices/a/index.html", to: "practices/b/index.html") == "../b/index.html")
        #expect(style.href(from: "practices/a/index.html", to: "lessons/c/index.html", fragment: "why") == "../../lessons/c/index.html#why")
        #expect(style.href(from: "index.html", to: "practices/index.html") == "practices/index.html")
        #expect(style.href(from: "tags/x/page/2/index.html", to: "index.html") == "../../../../index.html")
        #expect(style.href(from: "practices/a/index.html", to: "practices/a/diagram.svg") == "diagram.svg")
        #expect(style.root(from: "practices/a/index.html") == "../../")
    }

    @Test func cleanURLsEndAtTheFolder() {
        let style = URLStyle(cleanURLs: true)
        #expect(style.href(from: "practices/a/index.html", to: "practices/b/index.html") == "../b/")
        #expect(style.href(from: "practices/index.html", to: "practices/index.html") == "./")
        #expect(style.href(from: "index.html", to: "index.html") == "./")
    }
}
