import Foundation
import Testing
@testable import PraxisKit

/// The site a swap replaces is kept in `.praxis-cache/` as the next build's staging folder, so a
/// rebuild touches only what changed. It must never show through: the live site's files are not
/// written into, and nothing in the kept folder reaches a site unless this build put it there.
@Suite("The kept site")
struct KeptSiteTests {
    @Test func aFileSharedWithTheLiveSiteIsReplacedNotWrittenInto() throws {
        let site = try DiskSite()
        defer { site.remove() }
        let writer = OutputWriter(fileSystem: DiskFileSystem(), paths: ProjectPaths(root: site.root))
        _ = try writer.write(Self.files(["a.html": "one", "b.html": "one"]))
        // Unchanged, so the kept site's a.html and the live one are a single file.
        _ = try writer.write(Self.files(["a.html": "one", "b.html": "two"]))
        #expect(Self.kept(site).isEmpty == false, "the replaced site is kept")

        let session = try writer.begin()
        session.add(RenderedFile(path: "a.html", content: .bytes(Data("three".utf8))))
        #expect(try site.read("_site/a.html") == "one", "while a build runs, the live site is as it was")
        session.abandon()
        #expect(site.tree().filter { $0.key != OutputWriter.marker }.mapValues { String(decoding: $0, as: UTF8.self) } == ["a.html": "one", "b.html": "two"])

        _ = try writer.write(Self.files(["a.html": "three", "b.html": "two"]))
        #expect(try site.read("_site/a.html") == "three")
    }

    @Test func whatWasPutInTheKeptFolderIsNeverPublished() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(site.build().succeeded)
        let before = site.tree()
        let kept = try #require(Self.kept(site).first)
        try "planted".write(toFile: kept + "/planted.html", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: kept + "/planted-folder", withIntermediateDirectories: true)
        try "planted".write(toFile: kept + "/planted-folder/index.html", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: kept + "/planted-link", withDestinationPath: "/etc/passwd")
        // A kept page changed by hand is replaced by the page this build makes.
        try "changed by hand".write(toFile: kept + "/404.html", atomically: false, encoding: .utf8)
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(site.tree() == before)
        #expect(site.build().succeeded, "no stray file reached the output folder")
        // Nothing Praxis did not write is lost: it is moved aside, and the build says where.
        let recovered = ".praxis-cache/recovered/"
        #expect(report.diagnostics.filter { $0.id == "praxis.output.recovered" }.map(\.location.path).sorted()
                == ["planted-folder", "planted-link", "planted.html"].map { recovered + $0 })
        #expect(try site.read(recovered + "planted.html") == "planted" && site.read(recovered + "planted-folder/index.html") == "planted")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: site.root + "/" + recovered + "planted-link") == "/etc/passwd")
        #expect(report.diagnostics.first { $0.id == "praxis.output.recovered" }?.message.contains("_site/planted") == true)
    }

    @Test func aFileMayBecomeAFolderAndAFolderAFile() throws {
        let site = try DiskSite()
        defer { site.remove() }
        let writer = OutputWriter(fileSystem: DiskFileSystem(), paths: ProjectPaths(root: site.root))
        let steps: [[String: String]] = [
            ["x": "a file", "y/index.html": "in a folder", "keep.html": "k"],
            ["x": "a file", "y/index.html": "in a folder", "keep.html": "k"],
            ["x/index.html": "now a folder", "y": "now a file", "keep.html": "k"],
            ["x": "a file again", "y/deeper/index.html": "a folder again", "keep.html": "k"],
            ["keep.html": "k"],
        ]
        for (number, step) in steps.enumerated() {
            _ = try writer.write(Self.files(step))
            let tree = site.tree().filter { $0.key != OutputWriter.marker }.mapValues { String(decoding: $0, as: UTF8.self) }
            #expect(tree == step, "step \(number + 1)")
        }
        let folders = try FileManager.default.contentsOfDirectory(atPath: site.root + "/_site").sorted()
        #expect(folders == [OutputWriter.marker, "keep.html"], "folders the site no longer has are gone")
    }

    @Test func withoutTheCacheNothingIsKept() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build(cache: false).succeeded)
        #expect(site.build(cache: false).succeeded)
        #expect(Self.kept(site).isEmpty)
    }
}

private extension KeptSiteTests {
    static func files(_ pages: [String: String]) -> [RenderedFile] {
        pages.map { RenderedFile(path: $0.key, content: .bytes(Data($0.value.utf8))) }
    }

    static func kept(_ site: DiskSite) -> [String] {
        let cache = site.root + "/.praxis-cache"
        return ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter { $0.hasPrefix("site-") }.map { cache + "/" + $0 }
    }
}
