import Foundation
import Testing
@testable import PraxisKit

/// A rebuild reuses an old output file (a hard link, no write) only when it is provably the file
/// the last build wrote; whatever else is in the output folder never changes what is built, and
/// no link there is ever followed.
@Suite("Output reuse")
struct OutputReuseTests {
    @Test func theOutputStampsReadBackAsTheyWereWritten() {
        var stamps = OutputStamps()
        stamps.entries["z/index.html"] = .init(hash: ContentHash(high: 0xaaaa_aaaa_aaaa_aaaa, low: 0), stamp: FileStamp(size: 0, modified: -1_234_567_890_123, inode: .max), renderKey: nil)
        stamps.entries["a b/ü.html"] = .init(hash: ContentHash(high: .max, low: 0x0123_4567_89ab_cdef), stamp: FileStamp(size: 987_654, modified: 1_765_000_000_123_456_789, inode: 7),
                                              renderKey: ContentHash(high: 1, low: .max))
        let encoded = OutputStamps.encoded(stamps.sorted, output: "/site/_site")
        #expect(OutputStamps(encoded, output: "/site/_site").entries == stamps.entries)
        #expect(OutputStamps(encoded, output: "/elsewhere").entries.isEmpty, "stamps of another output folder are not used")
        let lines = String(decoding: encoded, as: UTF8.self).split(separator: "\n").dropFirst()
        #expect(lines.count == 2 && lines.first!.hasSuffix(" a b/ü.html") && lines.last!.hasSuffix(" z/index.html"), "one line a file, by path")
        #expect(lines.last!.contains(" 0 -1234567890123 18446744073709551615 - "))
    }

    /// The manifest and the stamps list files sorted by path; a rebuild takes most of that order
    /// from the last build's stamps, and must come to the same order whatever they hold.
    @Test func filesAreListedInPathOrderWhateverTheLastBuildsStampsHold() {
        func stamps(_ paths: [String]) -> OutputStamps {
            var stamps = OutputStamps()
            for (number, path) in paths.enumerated() {
                stamps.entries[path] = .init(hash: ContentHash(high: UInt64(number), low: 1), stamp: FileStamp(size: number, modified: 5, inode: 9), renderKey: nil)
            }
            return stamps
        }
        let last = stamps(["a/index.html", "b/index.html", "d.html", "gone.html"])
        let now = stamps(["e.html", "d.html", "c/index.html", "b/index.html", "a-b.html", "a/index.html"])
        let expected = ["a-b.html", "a/index.html", "b/index.html", "c/index.html", "d.html", "e.html"]
        let encoded = OutputStamps.encoded(last.sorted, output: "/o")
        #expect(now.sorted(following: OutputStamps(encoded, output: "/o")).map(\.path) == expected, "files added and removed since")
        #expect(now.sorted(following: OutputStamps()).map(\.path) == expected, "no stamps")
        // A stamps file changed by hand: its lines reversed, one of them twice; a line doubled in place.
        let lines = String(decoding: encoded, as: UTF8.self).split(separator: "\n")
        func file(_ lines: [Substring]) -> OutputStamps { OutputStamps(Data(lines.joined(separator: "\n").utf8), output: "/o") }
        let reversed = file([lines[0]] + lines.dropFirst().reversed() + [lines[1]])
        #expect(reversed.listed.count == 5)
        #expect(now.sorted(following: reversed).map(\.path) == expected, "stamps reversed by hand")
        #expect(now.sorted(following: reversed).map(\.entry) == expected.map { now.entries[$0]! })
        let doubled = file([lines[0], lines[1], lines[1]] + lines.dropFirst(2))
        #expect(doubled.listed.prefix(2) == ["a/index.html", "a/index.html"])
        #expect(now.sorted(following: doubled).map(\.path) == expected, "a line twice, in order")
        // The path as this build staged it, byte for byte, not as the last build's stamps spell it.
        let composed = stamps(["caf\u{e9}.html", "z.html"]), decomposed = stamps(["cafe\u{301}.html"])
        let spelled = composed.sorted(following: OutputStamps(OutputStamps.encoded(decomposed.sorted, output: "/o"), output: "/o"))
        #expect(spelled.map { Array($0.path.utf8) } == [Array("caf\u{e9}.html".utf8), Array("z.html".utf8)])
    }

    @Test func anOutputFileEditedByHandIsWrittenAgain() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let built = site.tree()
        try site.write("_site/index.html", "TAMPERED\n")
        let rebuilt = site.build()
        #expect(rebuilt.succeeded)
        #expect(rebuilt.filesWritten == 1)
        #expect(site.tree() == built, "the same input gives the same bytes")
        // An edit that keeps the size and the inode still changes the modification time.
        var page = try #require(built["practices/a/index.html"])
        page[0] = UInt8(ascii: "!")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: site.root + "/_site/practices/a/index.html"))
        try handle.write(contentsOf: page)
        try handle.close()
        #expect(site.build().filesWritten == 1)
        #expect(site.tree() == built)
    }

    @Test func anOutputFileReplacedByACopyOfItselfIsWrittenAgain() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let path = site.root + "/_site/404.html"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(atPath: path)
        try bytes.write(to: URL(fileURLWithPath: path))
        let copy = try Self.info(path).st_ino
        let rebuilt = site.build()
        #expect(rebuilt.filesWritten == 1, "the same bytes, but not the file Praxis wrote")
        #expect(try Self.info(path).st_ino != copy)
    }

    @Test func aLinkPlantedInTheOutputFolderStopsTheBuildAndIsNeverFollowed() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let page = try #require(site.tree()["practices/a/index.html"])
        let outside = try Self.outsideFolder(holding: page)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try Self.replace(site.root + "/_site/practices/a", withLinkTo: outside)
        let report = site.build()
        #expect(report.diagnostics.map(\.description) == [
            "_site/practices/a:1:1: error: this symbolic link was not made by Praxis (which never writes links), and the next build would delete it: delete it, or choose another --output",
        ])
        #expect(try Self.info(outside + "/index.html").st_nlink == 1)
        try FileManager.default.removeItem(atPath: site.root + "/_site/practices/a")
        #expect(site.build().succeeded)
        let rebuilt = try Self.info(site.root + "/_site/practices/a/index.html")
        #expect(rebuilt.st_mode & S_IFMT == S_IFREG && rebuilt.st_nlink == 1)
        #expect(site.tree()["practices/a/index.html"] == page)
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside + "/index.html")) == page, "the outside file is untouched")
    }

    @Test func theWriterNeverLinksThroughALinkEvenWhenNothingCheckedTheFolder() throws {
        // The check before rendering refuses the link above; the writer must not depend on it,
        // since anything may change in the output folder while a big site renders.
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let built = site.tree()
        let outside = try Self.outsideFolder(holding: try #require(built["practices/a/index.html"]))
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try Self.replace(site.root + "/_site/practices/a", withLinkTo: outside)
        let files = built.filter { $0.key != OutputWriter.marker }.map { RenderedFile(path: $0.key, content: .bytes($0.value)) }
        let written = try OutputWriter(fileSystem: DiskFileSystem(), paths: ProjectPaths(root: site.root)).write(files)
        #expect(written.files == 1)
        #expect(try Self.info(outside + "/index.html").st_nlink == 1, "nothing outside the output folder is linked")
        #expect(try Self.info(site.root + "/_site/practices/a").st_mode & S_IFMT == S_IFDIR)
        #expect(site.tree() == built)
    }

    /// The same for a folder directly in the output folder, which the writer holds open for all
    /// the files under it (`DiskLinker`), moved out whole and linked back: its files are the very
    /// files the last build wrote, and still none is linked from out there.
    @Test func theWriterNeverLinksThroughALinkInPlaceOfATopFolder() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let built = site.tree()
        let outside = NSTemporaryDirectory() + "praxis-outside-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.moveItem(atPath: site.root + "/_site/practices", toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: site.root + "/_site/practices", withDestinationPath: outside)
        let files = built.filter { $0.key != OutputWriter.marker }.map { RenderedFile(path: $0.key, content: .bytes($0.value)) }
        let written = try OutputWriter(fileSystem: DiskFileSystem(), paths: ProjectPaths(root: site.root)).write(files)
        #expect(written.files == built.keys.count { $0.hasPrefix("practices/") })
        #expect(try Self.info(outside + "/a/index.html").st_nlink == 1, "nothing outside the output folder is linked")
        #expect(try Self.info(site.root + "/_site/practices").st_mode & S_IFMT == S_IFDIR)
        #expect(site.tree() == built)
    }
}

extension OutputReuseTests {
    /// The linker holds the output's first folders open between files, and lets every one of
    /// them go when closed; after that it links nothing. Two spellings of one folder name (`é`
    /// composed and decomposed, one `String`) are two folders to it, as to the disk. A linker
    /// into fresh folders (which looks for nothing there first) makes the folders on the way.
    @Test(arguments: [false, true])
    func theLinkerClosesWhatItOpenedAndTellsTwoSpellingsApart(fresh: Bool) throws {
        let root = NSTemporaryDirectory() + "praxis-linker-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let disk = DiskFileSystem()
        var stamps: [String: FileStamp] = [:]
        for path in ["index.html", "a/x.html", "a/b/y.html", "a/b/c/z.html", "d/w.html", "caf\u{E9}/one.html", "cafe\u{301}/two.html"] {
            stamps[path] = try disk.write(Data(path.utf8), to: root + "/out/" + path)
        }
        /// This process's descriptors of folders below `folder`.
        func openFolders(_ folder: String = "/out") -> Int {
            let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            return descriptors.count { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0))?.hasPrefix(root + folder) == true }
        }
        let linker = disk.linker(for: root + "/out", fresh: fresh)
        for round in 0..<2 {
            for (path, stamp) in stamps {
                #expect(linker.link(path, stamp: stamp, to: root + "/stage\(round)/" + path) == .linked, "\(path)")
                #expect(try Self.info(root + "/stage\(round)/" + path).st_ino == Self.info(root + "/out/" + path).st_ino, "\(path)")
            }
        }
        #if os(Linux)
        #expect(openFolders() == 5, "the output folder and its four first folders, held open")
        // A staging folder's first folder is opened once it is there: `a` (made for the first of
        // its three files), not the folders that get one file each.
        #expect(openFolders("/stage") == 2, "a in each staging folder, held open")
        #endif
        linker.close()
        #if os(Linux)
        #expect(openFolders("") == 0, "every folder opened is closed")
        #endif
        #expect(linker.link("a/x.html", stamp: try #require(stamps["a/x.html"]), to: root + "/after/x.html") == .failed, "nothing is linked after close()")
    }

    /// A staging folder's file counts as linked already only when it is the live file itself,
    /// found through the staging folder as it is now: another file put in its place, or a new
    /// folder put in place of one the linker holds open (as the session does when a folder is in
    /// the way of a file), is linked again. The linker tells the two apart: only a link changes
    /// the staging folder (which the session records for the next build's check).
    @Test func theLinkerTakesNothingInTheStagingFolderOnTrust() throws {
        let root = NSTemporaryDirectory() + "praxis-linker-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let disk = DiskFileSystem()
        let (live, staged) = (root + "/out/a/b/x.html", root + "/stage/a/b/x.html")
        let stamp = try disk.write(Data("live".utf8), to: live)
        let linker = disk.linker(for: root + "/out")
        defer { linker.close() }
        #expect(linker.link("a/b/x.html", stamp: stamp, to: staged) == .linked)
        #expect(try Self.info(staged).st_ino == Self.info(live).st_ino)
        #expect(linker.link("a/b/x.html", stamp: stamp, to: staged) == .foundThere, "the very file, there already")

        try FileManager.default.removeItem(atPath: staged)
        try disk.write(Data("live".utf8), to: staged)
        #expect(linker.link("a/b/x.html", stamp: stamp, to: staged) == .linked)
        #expect(try Self.info(staged).st_ino == Self.info(live).st_ino, "a copy with the same bytes is replaced by the live file")

        try FileManager.default.removeItem(atPath: root + "/stage/a")
        try disk.write(Data("live".utf8), to: staged)
        #expect(linker.link("a/b/x.html", stamp: stamp, to: staged) == .linked)
        #expect(try Self.info(staged).st_ino == Self.info(live).st_ino, "in a new folder too")
        // A file changed in place is not the file stamped.
        try Data("changed".utf8).write(to: URL(fileURLWithPath: live))
        #expect(linker.link("a/b/x.html", stamp: stamp, to: root + "/stage/c/x.html") == .failed)
    }

    /// A page kept from the last build and a second file for its path: the second is reported,
    /// never staged. A page that could not be kept (its file was touched) is given back to be
    /// rendered and staged like any other.
    @Test func theSessionReportsASecondFileForAKeptPathAndRendersWhatItCouldNotKeep() throws {
        let root = NSTemporaryDirectory() + "praxis-session-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let writer = OutputWriter(fileSystem: DiskFileSystem(), paths: ProjectPaths(root: root))
        let key = ContentHash(high: 1, low: 2)
        _ = try writer.write([.page("a/index.html", Array("one".utf8), renderKey: key), .page("b/index.html", Array("two".utf8), renderKey: key)])
        let kept = try #require(writer.prepare().session)
        #expect(kept.reuse("a/index.html", renderKey: key))
        kept.add(.page("a/index.html", Array("other".utf8)))
        #expect(kept.repeatedPaths == ["a/index.html"])
        kept.abandon()
        #expect(try String(contentsOfFile: root + "/_site/a/index.html", encoding: .utf8) == "one")

        var touched = [timespec(tv_sec: 1, tv_nsec: 0), timespec(tv_sec: 1, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, root + "/_site/b/index.html", &touched, 0) == 0)
        let session = try #require(writer.prepare().session)
        #expect(!session.reuse("b/index.html", renderKey: key), "not the file the last build wrote")
        session.add(.page("b/index.html", Array("two".utf8), renderKey: key))
        #expect(session.reuse("a/index.html", renderKey: key))
        #expect(session.repeatedPaths.isEmpty)
        _ = try session.commit()
        #expect(try String(contentsOfFile: root + "/_site/a/index.html", encoding: .utf8) == "one")
        #expect(try String(contentsOfFile: root + "/_site/b/index.html", encoding: .utf8) == "two")
    }
}

private extension OutputReuseTests {
    /// A folder outside the repository with an `index.html` holding `bytes`.
    static func outsideFolder(holding bytes: Data) throws -> String {
        let folder = NSTemporaryDirectory() + "praxis-outside-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: folder + "/index.html"))
        return folder
    }

    static func replace(_ folder: String, withLinkTo target: String) throws {
        try FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: target)
    }

    /// `lstat`: the entry itself, never what a link names.
    static func info(_ path: String) throws -> stat {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        return info
    }
}
