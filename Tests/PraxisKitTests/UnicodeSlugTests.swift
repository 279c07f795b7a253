import Foundation
import Testing
@testable import PraxisKit

/// Documents named in any script get a slug in that script: the output folder is named with it and
/// every link to it is percent-encoded, so it works from disk and from any web host.
@Suite("Slugs in any script")
struct UnicodeSlugTests {
    @Test func aBundleFolderNamedWithACombiningMarkFirstIsABundleLikeAnyOther() throws {
        // The loader cuts paths at every slash, both where it finds bundles and where it names
        // documents: a slash before a combining mark once escaped one of the two, not the other.
        let site = try DiskSite("""
        -- content/practices/\u{301}x/index.md --
        \(frontMatter("Accented"))
        A page whose bundle holds a file it does not link to.
        -- content/practices/\u{301}x/pic.png --
        png
        """)
        defer { site.remove() }
        let report = site.build()
        #expect(report.diagnostics.filter { $0.severity == .error } == [])
        #expect(report.documents == 1)
        // The slug drops the lone combining mark.
        #expect(site.tree().keys.filter { $0.hasPrefix("practices/x/") }.sorted() == ["practices/x/index.html", "practices/x/pic.png"],
                "the bundle's file is published beside its page")
    }

    @Test func aPathSplitsAtEverySlashWhateverFollowsIt() {
        // A combining accent after a slash makes one character of the two: a path still splits there.
        #expect("content/practices/\u{301}a/Київ.md".pathParts == ["content", "practices", "\u{301}a", "Київ.md"])
        #expect("/a//b/".pathParts == ["a", "b"])
        #expect("".pathParts == [])
    }

    /// What `NSString.deletingLastPathComponent` gives (which traps on a one-character string).
    @Test func aPathsFolderIsFoundOnBytesWhateverFollowsASlash() {
        let folders = ["/a/b/c.html": "/a/b", "a/b": "a", "a": "", "index.html": "", "": "", "/": "/", "/a": "/", "/a/b/": "/a",
                       "a//b": "a", "//a": "/", "a/b//": "a", "practices/\u{301}x/index.html": "practices/\u{301}x", "/srv/Київ/東京.md": "/srv/Київ"]
        for (path, folder) in folders {
            #expect(path.parentPath == folder, "\(path)")
        }
    }

    @Test func cyrillicAndJapaneseFileNamesBuildEndToEnd() throws {
        let site = try DiskSite("""
        -- content/practices/a.md --
        \(frontMatter(extra: "related: [Київ.md, 東京.md]\n"))
        [Kyiv](Київ.md#історія), [[東京]] and [[київ]].
        -- content/practices/Київ.md --
        \(frontMatter("Київ", extra: "tags: [Відкриті дані]\n"))
        ## Історія
        -- content/practices/東京.md --
        \(frontMatter("東京"))
        """)
        defer { site.remove() }
        let report = site.build()
        #expect(report.diagnostics == [])
        let tree = site.tree()
        #expect(tree["practices/київ/index.html"] != nil)
        #expect(tree["practices/東京/index.html"] != nil)
        let html = String(decoding: try #require(tree["practices/a/index.html"]), as: UTF8.self)
        #expect(html.contains("<a href=\"../%D0%BA%D0%B8%D1%97%D0%B2/index.html#історія\">Kyiv</a>"))
        #expect(html.contains("<a href=\"../%E6%9D%B1%E4%BA%AC/index.html\">東京</a>"))
        #expect(OutputLinkChecker.problems(in: tree) == [])
    }

    @Test func anEmptySlugIsAnError() {
        let site = TestSite("""
        -- content/practices/東京.md --
        \(frontMatter(extra: "slug: ''\n"))
        -- content/practices/🚀.md --
        \(frontMatter())
        """)
        #expect(site.diagnostics() == [
            "content/practices/東京.md:5:7: error: `slug` is empty; remove the line to take the slug from the file name, or write one such as `slug: cloud-migration`",
            "content/practices/🚀.md:1:1: error: the file name `🚀` gives no usable slug (it has no letters or digits); rename the file, or add `slug:` such as `slug: launch-plan`",
        ])
    }

    @Test func slugsAreNFCAndStable() {
        let decomposed = "Ки\u{0438}\u{0306}в"   // й written as и + combining breve
        #expect(Slug.normalize(decomposed) == "кий\u{0432}".precomposedStringWithCanonicalMapping)
        #expect(Slug.normalize(decomposed).unicodeScalars.count == 4)
        for text in ["São Tomé", "Київ", "東京 2020", "हिन्दी भाषा", "서울", "Ærø"] {
            let slug = Slug.normalize(text)
            #expect(Slug.isNormal(slug), "\(text)")
        }
        #expect(!Slug.isNormal("Київ"))
        #expect(Slug.identifier("Straße Київ") == "strasse")  // names in site.yml stay ASCII
    }
}
