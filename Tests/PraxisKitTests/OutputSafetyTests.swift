import Foundation
import Testing
@testable import PraxisKit

/// Nothing the user had is lost: a failed build leaves the last good site, Praxis writes only
/// inside its output folder, and `check` writes nothing at all.
@Suite("Output safety")
struct OutputSafetyTests {
    static let good = """
    -- content/practices/a.md --
    ---
    title: A
    summary: S
    date: 2025-01-31
    ---
    Body.
    """

    @Test func aFailedBuildLeavesThePreviousSiteUntouched() throws {
        let site = try DiskSite(Self.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let before = site.tree()
        #expect(before["practices/a/index.html"] != nil)
        try site.write("content/practices/b.md", "---\ntitle: B\n---\n")
        let report = site.build()
        #expect(!report.succeeded)
        #expect(site.tree() == before)
    }

    @Test func aCollisionFoundWhileWritingLeavesThePreviousSiteUntouched() throws {
        // Pages are staged as they are rendered, and unchanged ones are hard links to the live
        // site's files: the second file for one path must never be written through such a link.
        let site = try DiskSite(Self.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let before = site.tree()
        // The same document as a page bundle with a file that claims the page's own path (an
        // HTML file, published only when the site allows raw HTML).
        try site.write("site.yml", "markdown: {raw_html: true}\n")
        try FileManager.default.removeItem(atPath: site.root + "/content/practices/a.md")
        try site.write("content/practices/a/index.md", "---\ntitle: A\nsummary: S\ndate: 2025-01-31\n---\nBody.\n")
        for attempt in 1...5 {
            try site.write("content/practices/a/index.html", "not the page \(attempt)")
            let report = site.build()
            let collision = report.diagnostics.first { $0.id == "praxis.output.collision" }
            #expect(collision?.description == "content/practices/a/index.html:1:1: error: this file would be copied to practices/a/index.html, where the site also writes a page or another file; rename or move it")
            #expect(site.tree() == before)
        }
        // `praxis check` stages nothing: the same collision is found from the paths alone.
        let checked = site.build(write: false).diagnostics.filter { $0.id == "praxis.output.collision" }.map(\.description)
        #expect(checked == ["content/practices/a/index.html:1:1: error: this file would be copied to practices/a/index.html, where the site also writes a page or another file; rename or move it"])
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let site = try DiskSite(Self.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let first = site.tree()
        #expect(site.build(output: site.root + "/again").succeeded)
        #expect(site.tree("again") == first)
    }

    @Test func unchangedOutputFilesAreNotRewritten() throws {
        let site = try DiskSite(Self.good + "\n-- content/practices/b.md --\n---\ntitle: B\nsummary: S\ndate: 2025-01-31\n---\nBody.\n")
        defer { site.remove() }
        let first = site.build()
        #expect(first.succeeded)
        func inode(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: site.root + "/_site/" + path)[.systemFileNumber] as? Int)
        }
        let style = try inode("assets/style.css")
        let notFound = try inode("404.html")
        let unchanged = site.build()
        #expect(unchanged.filesWritten == 0, "nothing changed, nothing is written")
        try site.write("content/practices/a.md", "---\ntitle: A changed\nsummary: S\ndate: 2025-01-31\n---\nBody.\n")
        let changed = site.build()
        #expect(changed.succeeded)
        #expect(try inode("assets/style.css") == style)
        #expect(try inode("404.html") == notFound)
        #expect(changed.filesWritten > 0 && changed.filesWritten < first.filesWritten)
        #expect(String(decoding: site.tree()["practices/a/index.html"]!, as: UTF8.self).contains("A changed"))
        let clean = try DiskSite()
        defer { clean.remove() }
        let fresh = SiteBuilder(paths: ProjectPaths(root: site.root, output: clean.root + "/out"), options: .init()).run()
        #expect(fresh.succeeded)
        #expect(clean.tree("out") == site.tree(), "an updated build equals a clean build byte for byte")
    }

    @Test func checkWritesNothing() throws {
        let site = try DiskSite(Self.good)
        defer { site.remove() }
        let before = site.tree("")
        let report = site.build(write: false)
        #expect(report.succeeded)
        #expect(site.tree("") == before)
        #expect(!FileManager.default.fileExists(atPath: site.root + "/_site"))
    }

    @Test func aFolderPraxisDidNotWriteIsNeverReplaced() throws {
        let site = try DiskSite(Self.good)
        defer { site.remove() }
        try site.write("mine/notes.txt", "precious")
        try site.write("mine/photos/cat.jpg", "meow")
        let report = site.build(output: site.root + "/mine")
        let reason = "was not written by Praxis: mine has no .praxis-output, so it is not a Praxis output folder, and a build would delete everything in it; choose another --output, or empty mine"
        #expect(report.diagnostics.map(\.description) == [
            "mine/notes.txt:1:1: error: this file \(reason)",
            "mine/photos/cat.jpg:1:1: error: this file \(reason)",
        ])
        #expect(site.tree("mine") == ["notes.txt": Data("precious".utf8), "photos/cat.jpg": Data("meow".utf8)])
    }

    @Test func theOutputCannotContainTheRepositoryOrSitInsideItsSources() throws {
        let site = try DiskSite(Self.good)
        defer { site.remove() }
        #expect(site.build(output: site.root).diagnostics.first?.id == "praxis.output.unsafe")
        #expect(site.build(output: site.root + "/content/out").diagnostics.first?.id == "praxis.output.unsafe")
        #expect(site.build(output: (site.root as NSString).deletingLastPathComponent).diagnostics.first?.id == "praxis.output.unsafe")
    }

    @Test func aSymbolicLinkOnTheWayDoesNotGetTheOutputIntoTheSources() throws {
        let site = try DiskSite(Self.good)
        defer { site.remove() }
        let links = NSTemporaryDirectory() + "praxis-links-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: links, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: links) }
        try FileManager.default.createSymbolicLink(atPath: links + "/lnk", withDestinationPath: site.root + "/content")
        try FileManager.default.createSymbolicLink(atPath: links + "/repo", withDestinationPath: site.root)
        let real = DiskFileSystem().resolvingLinks(site.root)
        let report = site.build(output: links + "/lnk/out")
        #expect(report.diagnostics.map(\.description) == [
            "\(links)/lnk/out:1:1: error: the output folder \(links)/lnk/out (through a symbolic link, it is \(real)/content/out) is inside content; choose a folder of its own such as _site",
        ])
        #expect(!FileManager.default.fileExists(atPath: site.root + "/content/out"))
        let contains = site.build(output: links + "/repo/content/..")
        #expect(contains.diagnostics.map(\.description) == [
            "\(links)/repo:1:1: error: the output folder \(links)/repo (through a symbolic link, it is \(real)) contains the repository; choose a folder of its own such as _site",
        ])
        #expect(site.build(output: links + "/repo/themes/default/out").diagnostics.first?.id == "praxis.output.unsafe")
        #expect(!FileManager.default.fileExists(atPath: site.root + "/themes/default/out"))
    }

    @Test func contentLinksLeadingOutsideTheRepositoryAreErrors() throws {
        let site = try DiskSite(Self.good)
        defer { site.remove() }
        let outside = NSTemporaryDirectory() + "praxis-outside-\(UUID().uuidString).md"
        try Data("---\ntitle: X\nsummary: S\ndate: 2025-01-01\n---\n".utf8).write(to: URL(fileURLWithPath: outside))
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: site.root + "/content/practices/leak.md", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: site.root + "/content/practices/inside.md", withDestinationPath: site.root + "/content/practices/a.md")
        let report = site.build(write: false)
        let resolved = DiskFileSystem().resolvingLinks(outside)
        #expect(report.diagnostics.filter(\.isError).map(\.description) == [
            "content/practices/leak.md:1:1: error: symbolic link leads outside the repository (to \(resolved)); copy the file into the repository instead",
        ])
        #expect(report.documents == 2, "a link that stays inside the repository is followed")
    }

    @Test func filesAsRealRepositoriesHaveThemLoad() throws {
        let site = try DiskSite()
        defer { site.remove() }
        let crlfWithBOM = Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: Crème\r\nsummary: S\r\ndate: 2025-01-31\r\n---\r\n## Café\r\nText".utf8)
        try FileManager.default.createDirectory(atPath: site.root + "/content/lessons", withIntermediateDirectories: true)
        try crlfWithBOM.write(to: URL(fileURLWithPath: site.root + "/content/lessons/São Tomé crème.md"))
        let report = site.build()
        #expect(report.diagnostics == [])
        let html = try #require(site.tree()["lessons/sao-tome-creme/index.html"])
        #expect(String(decoding: html, as: UTF8.self).contains("<h2 id=\"café\">Café</h2>"))
    }

    @Test func theCommandLineExitsWithOneOnErrorsAndPrintsCompilerStyleLines() throws {
        let site = try DiskSite(Self.good + "\n-- content/practices/b.md --\n---\ntitle: B\nsummary: S\ndate: 2025-13-01\n---\n")
        defer { site.remove() }
        let result = try site.run(["check"])
        #expect(result.status == 1)
        let all = result.stderr.split(separator: "\n").map(String.init)
        // `praxis: parse 0.004 s (cpu 0.01 s, peak memory 41 MB)`
        func isStage(_ line: String) -> Bool {
            let words = line.split(separator: " ")
            return words.count == 11 && words[0] == "praxis:" && Double(words[2]) != nil && words[3] == "s" && line.contains(" s (cpu ") && line.hasSuffix(" MB)")
        }
        #expect(all.filter(isStage).map { $0.split(separator: " ")[1] } == ["config", "load", "parse", "link", "theme"],
                "not on a terminal, each finished stage prints one line")
        let lines = all.filter { !isStage($0) }
        #expect(lines.first == "content/practices/b.md:4:7: error: bad date `2025-13-01` for `date`: write a real calendar date as YYYY-MM-DD, e.g. `2025-03-14`")
        #expect(lines.last?.hasPrefix("praxis: 2 documents, 1 error, 0 warnings in ") == true)
        try FileManager.default.removeItem(atPath: site.root + "/content/practices/b.md")
        let build = try site.run(["build"])
        #expect(build.status == 0)
        #expect(build.stdout == site.root + "/_site/index.html\n")
    }
}
