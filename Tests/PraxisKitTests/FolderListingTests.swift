import Foundation
import Testing
@testable import PraxisKit

/// Before replacing the output folder, a build looks into every folder there and in the kept site
/// (`StrayFiles`, `OutputSession`). A folder whose stamp is as the last build recorded it holds
/// what it held then (`FolderListings`), so it is not read again; a folder that gained anything is.
@Suite("Folder listings")
struct FolderListingTests {
    @Test func aRebuildReadsOnlyTheFoldersThatChanged() throws {
        let (site, disk) = try rememberedSite()
        defer { site.remove() }
        let folders = try #require(try DiskFileSystem().walk(site.root + "/_site").filter { $0.kind == .directory }.count)
        #expect(folders > 40)
        #expect(site.build(through: disk).succeeded)
        let read = disk.foldersRead()
        // The output folder itself and the kept site's top folder: both were renamed by the last build's swap.
        #expect(read.count <= 4, "read \(read.count) of \(2 * (folders + 1)) folders: \(read.sorted())")
        site.expectSameAsClean()
    }

    @Test func aFileAddedToARememberedOutputFolderStillStopsTheBuild() throws {
        let (site, disk) = try rememberedSite()
        defer { site.remove() }
        let page = try #require(try FileManager.default.contentsOfDirectory(atPath: site.root + "/_site/practices").sorted().first)
        let planted = "_site/practices/\(page)/notes.txt"
        try site.write(planted, "mine")
        let report = site.build(through: disk)
        #expect(!report.succeeded)
        #expect(report.diagnostics.map(\.location.path) == [planted])
        #expect(report.diagnostics.first?.id == "praxis.output.not-praxis")
        #expect(try site.read(planted) == "mine", "nothing the user had is lost")
        #expect(disk.foldersRead().contains(site.root + "/" + (planted as NSString).deletingLastPathComponent))
    }

    /// What the kept site holds that Praxis did not write is never published, and never lost:
    /// it is moved to `.praxis-cache/recovered/` and the build warns (`OutputSession.reclaim`).
    @Test func whatWasPutInARememberedKeptFolderIsMovedAside() throws {
        let (site, disk) = try rememberedSite()
        defer { site.remove() }
        let kept = try #require(try FileManager.default.contentsOfDirectory(atPath: site.root + "/.praxis-cache").first { $0.hasPrefix("site-") })
        let folder = site.root + "/.praxis-cache/" + kept + "/practices"
        let page = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).sorted().first)
        try "planted".write(toFile: folder + "/" + page + "/planted.html", atomically: false, encoding: .utf8)
        let report = site.build(through: disk)
        #expect(report.succeeded)
        #expect(site.tree()["practices/\(page)/planted.html"] == nil)
        #expect(report.diagnostics.map(\.id) == ["praxis.output.recovered"])
        #expect(try site.read(".praxis-cache/recovered/practices/\(page)/planted.html") == "planted")
        site.expectSameAsClean()
    }

    /// The output folder was recorded by the build that committed it, and the kept site by the
    /// build that checked it as the output: both are known from their folders' stamps, taken
    /// through the folders that hold folders (one call for each of those, not one for every
    /// folder), and neither is read folder by folder.
    @Test func theOutputAndTheKeptSiteAreOnlyStamped() throws {
        let (site, _) = try rememberedSite()
        defer { site.remove() }
        let disk = StampCountingFileSystem()
        #expect(site.build(through: disk).succeeded)
        let (output, kept) = (site.root + "/_site", site.root + "/.praxis-cache/site-")
        let stamped = disk.foldersStamped()
        let outputFolders = stamped.filter { $0 == output || $0.hasPrefix(output + "/") }.count
        let keptFolders = stamped.filter { $0.hasPrefix(kept) }.count
        let folders = try DiskFileSystem().walk(output).count { $0.kind == .directory }
        #expect(outputFolders > 0 && keptFolders > 0 && outputFolders * 4 < folders && keptFolders * 4 < folders,
                "output \(outputFolders), kept site \(keptFolders) calls for \(folders) folders")
        let read = disk.foldersRead()
        #expect(read.count == 2 && read.contains(output) && read.contains { $0.hasPrefix(kept) }, "only the two top folders: \(read)")
        site.expectSameAsClean()
    }

    /// A build that changes a page records the folders it changed, to be read by the next build:
    /// only those, and the two top folders, are read, and what is put in one of them is found.
    @Test func afterAnEditOnlyTheFoldersTheEditChangedAreRead() throws {
        let (site, disk) = try rememberedSite()
        defer { site.remove() }
        let source = try #require(try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices").sorted().first)
        try site.write("content/practices/" + source, try site.read("content/practices/" + source) + "\nOne more sentence, about permits.\n")
        #expect(site.build(through: disk).succeeded)
        _ = disk.foldersRead()
        #expect(site.build(through: disk).succeeded)
        let page = "practices/" + (source as NSString).deletingPathExtension
        let read = disk.foldersRead()
        #expect(read.contains(site.root + "/_site/" + page), "the edited page's folder, changed by the last build, is read")
        #expect(read.contains(site.root + "/_site") && read.contains { $0.hasPrefix(site.root + "/.praxis-cache/site-") })
        let folders = try DiskFileSystem().walk(site.root + "/_site").count { $0.kind == .directory }
        #expect(read.count * 4 < folders, "read \(read.count) of \(2 * (folders + 1)) folders: \(read.sorted())")
        site.expectSameAsClean()
        // What is put in a folder the last build changed is found there.
        for (planted, kind) in [("notes.txt", "file"), ("drafts", "folder"), ("elsewhere", "link")] {
            let path = site.root + "/_site/" + page + "/" + planted
            switch kind {
            case "file": try "mine".write(toFile: path, atomically: false, encoding: .utf8)
            case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            default: try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/tmp")
            }
            let report = site.build(through: disk)
            #expect(report.diagnostics.map(\.location.path) == ["_site/" + page + "/" + planted], "a planted \(kind)")
            #expect(report.diagnostics.first?.id == "praxis.output.not-praxis")
            #expect(FileManager.default.fileExists(atPath: path) || kind == "link", "nothing the user had is lost")
            try FileManager.default.removeItem(atPath: path)
        }
        #expect(site.build(through: disk).succeeded)
        site.expectSameAsClean()
    }

    /// A page taken out takes its folder with it; a folder put back in its place is the user's,
    /// even empty, and stops the build like any other. (Built twice with the page, so that the
    /// kept site has its folder too, and the build that takes it out removes it there.)
    @Test func aFolderPutWhereTheLastBuildRemovedOneStopsTheBuild() throws {
        let (site, disk) = try rememberedSite()
        defer { site.remove() }
        try site.write("content/practices/a-page-for-a-while.md", "---\ntitle: A page for a while\nsummary: Here for two builds.\ndate: 2024-01-01\n---\n\nShort.\n")
        #expect(site.build(through: disk).succeeded)
        #expect(site.build(through: disk).succeeded)
        #expect(site.tree()["practices/a-page-for-a-while/index.html"] != nil)
        let kept = try #require(try FileManager.default.contentsOfDirectory(atPath: site.root + "/.praxis-cache").first { $0.hasPrefix("site-") })
        #expect(FileManager.default.fileExists(atPath: site.root + "/.praxis-cache/" + kept + "/practices/a-page-for-a-while/index.html"))
        try site.delete("content/practices/a-page-for-a-while.md")
        #expect(site.build(through: disk).succeeded)
        #expect(!FileManager.default.fileExists(atPath: site.root + "/_site/practices/a-page-for-a-while"))
        try FileManager.default.createDirectory(atPath: site.root + "/_site/practices/a-page-for-a-while", withIntermediateDirectories: false)
        let report = site.build(through: disk)
        #expect(report.diagnostics.map(\.location.path) == ["_site/practices/a-page-for-a-while"])
        #expect(FileManager.default.fileExists(atPath: site.root + "/_site/practices/a-page-for-a-while"), "nothing the user had is lost")
        try site.delete("_site/practices/a-page-for-a-while")
        #expect(site.build(through: disk).succeeded)
        site.expectSameAsClean()
    }

    @Test func whatWasPutInTheKeptSitesOwnFolderIsMovedAside() throws {
        let (site, disk) = try rememberedSite()
        defer { site.remove() }
        let kept = try #require(try FileManager.default.contentsOfDirectory(atPath: site.root + "/.praxis-cache").first { $0.hasPrefix("site-") })
        let folder = site.root + "/.praxis-cache/" + kept
        var before = stat()
        #expect(lstat(folder, &before) == 0)
        try "planted".write(toFile: folder + "/planted.html", atomically: false, encoding: .utf8)
        // Its modification time put back (as `touch -d` can): the folder's entries still tell.
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, folder, &times, 0) == 0)
        #expect(site.build(through: disk).succeeded)
        #expect(site.tree()["planted.html"] == nil)
        #expect(try site.read(".praxis-cache/recovered/planted.html") == "planted")
        // A second one of the same name is kept beside the first.
        let next = try #require(try FileManager.default.contentsOfDirectory(atPath: site.root + "/.praxis-cache").first { $0.hasPrefix("site-") })
        try "planted again".write(toFile: site.root + "/.praxis-cache/" + next + "/planted.html", atomically: false, encoding: .utf8)
        let report = site.build(through: disk)
        #expect(report.diagnostics.map(\.location.path) == [".praxis-cache/recovered/planted (2).html"])
        #expect(try site.read(".praxis-cache/recovered/planted (2).html") == "planted again")
        site.expectSameAsClean()
    }

    /// What cannot be seen cannot be told apart from what Praxis wrote, and the build would delete it.
    @Test func anOutputFolderThatCannotBeReadStopsTheBuild() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        try site.write("_site/private/notes.txt", "mine")
        let report = site.build(through: UnreadableFolderFileSystem(folder: site.root + "/_site/private"))
        #expect(!report.succeeded)
        let problem = try #require(report.diagnostics.first)
        #expect(report.diagnostics.count == 1 && problem.id == "praxis.output.unreadable" && problem.location.path == "_site")
        #expect(problem.message.contains("_site/private: Permission denied") && problem.message.contains("make it readable, or choose another --output"))
        #expect(try site.read("_site/private/notes.txt") == "mine")
    }

    /// Twenty generated documents built until both the output folder and the kept site were
    /// looked into after they settled (changed more than two seconds before a build began).
    @Test func foldersStampedTogetherHaveTheirOwnStampsAndNothingElseHasOne() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-stamps-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let disk = DiskFileSystem()
        try disk.createDirectory(root + "/a/inner")
        try disk.createDirectory(root + "/b")
        try disk.write(Data("x".utf8), to: root + "/file.txt")
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/a")
        let stamps = disk.folderStamps(["a", "b", "file.txt", "link", "missing"], in: root)
        #expect(stamps == ["a", "b", "file.txt", "link", "missing"].map { disk.folderStamp(root + "/" + $0) })
        #expect(stamps.map { $0 != nil } == [true, true, false, false, false], "only folders, and a link to one is not one")
        try disk.write(Data("y".utf8), to: root + "/b/new.txt")
        #expect(disk.folderStamps(["b"], in: root) != [stamps[1]], "an entry added to a folder changes its stamp")
        #expect(disk.folderStamps([], in: root + "/missing").isEmpty)
        #expect(disk.folderStamps(["a"], in: root + "/missing") == [nil])
    }

    @Test func aFolderHoldingTwoSpellingsOfOneNameIsStillRemembered() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-spellings-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let disk = FolderCountingFileSystem()
        // "é" composed and decomposed: two files on disk, one name to `String`.
        for name in ["\u{E9}.txt", "e\u{301}.txt", "z.txt"] { try disk.write(Data(name.utf8), to: root + "/tree/f/" + name) }
        let (memoPath, fingerprint) = (root + "/folders.memo", ContentHash(high: 1, low: 2))
        let everythingSettled = BuildClock(start: .max, device: try #require(disk.folderStamp(root)).device)
        let next = MemoWriter(path: memoPath, fingerprint: fingerprint, fileSystem: disk)
        let first = try FolderListings(fileSystem: disk, last: MemoFile(), next: next, clock: everythingSettled).walk(root + "/tree")
        next.finish()
        #expect(first.count == 4)
        _ = disk.foldersRead()
        let remembered = try FolderListings(fileSystem: disk, last: MemoFile(path: memoPath, fingerprint: fingerprint, fileSystem: disk), next: nil, clock: nil).walk(root + "/tree")
        #expect(disk.foldersRead() == [], "every folder's entries come from the memo")
        #expect(remembered.map(\.path).sorted() == first.map(\.path).sorted())
    }

    private func rememberedSite(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (DiskSite, FolderCountingFileSystem) {
        let site = try DiskSite.generated(documents: 20)
        let disk = FolderCountingFileSystem()
        for step in 0..<3 {
            if step > 0 { Thread.sleep(forTimeInterval: 2.2) }
            #expect(site.build(through: disk).succeeded, sourceLocation: sourceLocation)
        }
        _ = disk.foldersRead()
        return (site, disk)
    }
}

/// The disk, noting which folders are read entry by entry.
class FolderCountingFileSystem: ForwardingFileSystem, @unchecked Sendable {
    private let lock = NSLock()
    private var read: [String] = []

    /// Folders read since the last call.
    func foldersRead() -> [String] { lock.withLock { defer { read = [] }; return read } }

    override func readFolder(_ path: String) throws -> (entries: [FolderEntry], stamp: SourceStamp)? {
        lock.withLock { read.append(path) }
        return try disk.readFolder(path)
    }
}

/// The disk, noting each folder whose inner folders are stamped (`folderStamps`), and each folder read.
final class StampCountingFileSystem: FolderCountingFileSystem, @unchecked Sendable {
    private let stampLock = NSLock()
    private var stamped: [String] = []

    func foldersStamped() -> [String] { stampLock.withLock { stamped } }

    override func folderStamps(_ names: [String], in folder: String) -> [SourceStamp?] {
        stampLock.withLock { stamped.append(folder) }
        return disk.folderStamps(names, in: folder)
    }
}

/// The disk, with one folder that cannot be read (as without the permission to).
final class UnreadableFolderFileSystem: ForwardingFileSystem, @unchecked Sendable {
    private let folder: String

    init(folder: String) { self.folder = folder }

    override func readFolder(_ path: String) throws -> (entries: [FolderEntry], stamp: SourceStamp)? {
        guard path != folder else { throw FileSystemError(path: path, reason: "Permission denied") }
        return try disk.readFolder(path)
    }

    override func walk(_ directory: String) throws -> [FileEntry] {
        guard !(directory == folder || folder.hasPrefix(directory + "/")) else { throw FileSystemError(path: folder, reason: "Permission denied") }
        return try disk.walk(directory)
    }
}
