import Foundation
import Testing
@testable import PraxisKit

/// A build replaces the whole output folder, so anything in it that Praxis did not write would be
/// lost: the build is refused instead, one error per stray entry, each saying what to do.
@Suite("Stray files in the output folder")
struct StrayFileTests {
    @Test func filesPraxisDidNotWriteStopTheBuildAndAreKept() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        try site.write("_site/CNAME", "praxis.example.org\n")
        try site.write("_site/.git/HEAD", "ref: refs/heads/gh-pages\n")
        try FileManager.default.createDirectory(atPath: site.root + "/_site/uploads", withIntermediateDirectories: true)
        let before = site.tree()
        let report = site.build()
        #expect(report.diagnostics.map(\.description) == [
            "_site/.git/HEAD:1:1: error: this file was not written by Praxis, and the next build would delete it: Praxis does not publish hidden files, so move it out of _site, delete it, or choose another --output",
            "_site/CNAME:1:1: error: this file was not written by Praxis, and the next build would delete it: move it to static/CNAME (every build copies static/ to _site/static/), delete it, or choose another --output",
            "_site/uploads:1:1: error: this folder was not made by Praxis, and the next build would delete it: delete it, or choose another --output",
        ])
        #expect(site.tree() == before)
        #expect(FileManager.default.fileExists(atPath: site.root + "/_site/uploads"))
    }

    /// Two spellings of one name (`é` composed and decomposed) are one `String` and two files:
    /// a user's file beside one Praxis wrote under the other spelling is still the user's.
    @Test func aFileNamedLikeOnePraxisWroteButSpelledOtherwiseIsStillStray() throws {
        let site = try DiskSite(OutputSafetyTests.good + "\n-- static/caf\u{E9}.txt --\nours\n")
        defer { site.remove() }
        #expect(site.build().succeeded)
        try site.write("_site/static/cafe\u{301}.txt", "mine\n")
        let report = site.build()
        #expect(report.diagnostics.map(\.id) == ["praxis.output.not-praxis"])
        #expect(report.diagnostics.first?.location.path.unicodeScalars.elementsEqual("_site/static/cafe\u{301}.txt".unicodeScalars) == true)
        #expect(try site.read("_site/static/cafe\u{301}.txt") == "mine\n")
    }

    /// An older version of Praxis staged inside the output folder; what it left there is not
    /// reported (it is Praxis' own), and never published either: the build after the next one
    /// takes that output as its kept site and removes it.
    @Test func anOlderVersionsStagingFolderInTheOutputIsNeverPublished() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        // Two builds first: the second remembers the output's folders (`folders.memo`).
        #expect(site.build().succeeded)
        Thread.sleep(forTimeInterval: 2.2)
        #expect(site.build().succeeded)
        try site.write("_site/" + OutputWriter.staging + "/old.html", "left behind")
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 2.2)
            #expect(site.build().succeeded)
            #expect(!site.tree().keys.contains { $0.hasPrefix(OutputWriter.staging) })
        }
    }

    @Test func aRefusedBuildKeepsThePreviousSiteAnInterruptedBuildLeftBesideTheOutput() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        // Stopped between the two moves of a swap: the previous site aside, then a folder of
        // someone else's files where the output was.
        try site.move("_site", to: ".praxis-previous-_site")
        try site.write("_site/notes.txt", "mine\n")
        let aside = site.tree(".praxis-previous-_site")
        #expect(!aside.isEmpty)
        #expect(!site.build().succeeded)
        #expect(site.tree(".praxis-previous-_site") == aside, "the only copy of the previous site is kept")
        #expect(site.tree() == ["notes.txt": Data("mine\n".utf8)])
    }

    @Test func doingWhatTheErrorSaysLetsTheBuildThrough() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        try site.write("_site/CNAME", "praxis.example.org\n")
        #expect(!site.build().succeeded)
        try FileManager.default.createDirectory(atPath: site.root + "/static", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: site.root + "/_site/CNAME", toPath: site.root + "/static/CNAME")
        #expect(site.build().succeeded)
        #expect(site.tree()["static/CNAME"] == Data("praxis.example.org\n".utf8))
        #expect(site.build().succeeded, "a file the last build copied is Praxis' own")
    }

    @Test func onlyTheFirstTenAreListedAndTheRestCounted() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        for number in 10..<25 { try site.write("_site/notes/\(number).txt", "mine") }
        let lines = site.build().diagnostics.map(\.description)
        #expect(lines.count == 11)
        #expect(lines.first == "_site/notes/10.txt:1:1: error: this file was not written by Praxis, and the next build would delete it: move it to static/notes/10.txt (every build copies static/ to _site/static/), delete it, or choose another --output")
        #expect(lines.last == "_site/notes/20.txt:1:1: error: this and 4 more entries of _site were not written by Praxis either, and the next build would delete them: move them out of _site, delete them, or choose another --output")
        #expect(site.tree().keys.filter { $0.hasPrefix("notes/") }.count == 15)
    }

    @Test func filesTheLastBuildWroteAreNotStray() throws {
        // A page removed from content/ is Praxis' own file: the next build drops it without asking.
        let site = try DiskSite(OutputSafetyTests.good + "\n-- content/practices/b.md --\n---\ntitle: B\nsummary: S\ndate: 2025-01-31\n---\nBody.\n")
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(site.tree()["practices/b/index.html"] != nil)
        try FileManager.default.removeItem(atPath: site.root + "/content/practices/b.md")
        #expect(site.build().diagnostics.filter(\.isError) == [])
        #expect(site.tree()["practices/b/index.html"] == nil)
    }
}
