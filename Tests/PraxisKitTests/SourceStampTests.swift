import Foundation
import Testing
@testable import PraxisKit

/// A document whose file is as the last build read it, by its stamp (`SourceStamp`), is not read
/// again; any change to it is, even one that keeps its size and sets its modification time back.
@Suite("Source stamps")
struct SourceStampTests {
    @Test func aDocumentUnchangedSinceTheLastBuildIsNotReadAgain() throws {
        let (site, disk) = try settledSiteBuiltOnce()
        defer { site.remove() }
        #expect(site.build(through: disk).succeeded)
        #expect(disk.documentsRead() == 0, "every document was as the last build read it")

        // The same number of bytes, and the modification time set back to what it was: only the
        // status-change time, which no one can set, tells.
        let path = try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices").sorted().map { "content/practices/" + $0 }[0]
        let url = URL(fileURLWithPath: site.root + "/" + path)
        var before = stat()
        #expect(stat(url.path, &before) == 0)
        let text = try site.read(path)
        let changed = text.replacingOccurrences(of: "the ", with: "thE ", options: [], range: text.range(of: "the "))
        #expect(changed != text && changed.utf8.count == text.utf8.count)
        let handle = try FileHandle(forWritingTo: url)   // in place: the same inode
        try handle.write(contentsOf: Data(changed.utf8))
        try handle.close()
        // To the nanosecond, as `touch -r` or `rsync -t` would.
        #if canImport(Darwin)
        var times = [before.st_atimespec, before.st_mtimespec]
        #else
        var times = [before.st_atim, before.st_mtim]
        #endif
        #expect(utimensat(AT_FDCWD, url.path, &times, 0) == 0)
        var after = stat()
        #expect(stat(url.path, &after) == 0 && DiskFileSystem.sourceStamp(after).modified == DiskFileSystem.sourceStamp(before).modified)
        #expect(after.st_ino == before.st_ino && after.st_size == before.st_size)
        #expect(site.build(through: disk).succeeded)
        #expect(disk.documentsRead() == 1)
        site.expectSameAsClean()
    }

    /// A cached page that does not read back after all (its value in the memo damaged) is parsed
    /// from the file, read then, although the loader left it unread.
    @Test func aFileLeftUnreadIsReadWhenItsCachedPageDoesNotReadBack() throws {
        let (site, disk) = try settledSiteBuiltOnce()
        defer { site.remove() }
        // A documents.memo that names every document, each with a value that is not a parsed page.
        let paths = ProjectPaths(root: site.root)
        let cache = BuildCache(paths: paths, fileSystem: DiskFileSystem(), siteFile: (try? Data(contentsOf: URL(fileURLWithPath: paths.siteFile))) ?? Data())
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: paths, schema: Schema.defaults).load()
        let damaged = try #require(cache.writer("documents"))
        for file in tree.documents { damaged.add(file.contentKey) { $0.write(UInt64.max) } }
        damaged.finish()
        #expect(cache.memo("documents").count == 20)
        try site.delete("_site")
        #expect(site.build(through: disk).succeeded)
        #expect(disk.documentsRead() == 20)
        site.expectSameAsClean()
    }

    /// A stamp is trusted only once the clock of its file system has moved past it: on that file
    /// system, whatever is changed after a build's start gets a time no earlier than the start's.
    @Test func aStampIsTrustedOnlyFromBeforeTheTickOfTheStart() {
        let clock = BuildClock(start: 10_000_000_000, device: 7)
        func stamp(modified: Int64, changed: Int64? = nil, device: UInt64 = 7) -> SourceStamp {
            SourceStamp(size: 10, modified: modified, changed: changed ?? modified, inode: 1, device: device)
        }
        #expect(clock.hasSettled(stamp(modified: 9_999_999_999)))
        #expect(!clock.hasSettled(stamp(modified: 10_000_000_000)), "changed in the very tick of the start")
        #expect(!clock.hasSettled(stamp(modified: 1, changed: 10_000_000_001)), "the modification time set back, the status change now")
        // Another file system's clock may differ from the cache's: two seconds of margin.
        #expect(!clock.hasSettled(stamp(modified: 9_000_000_000, device: 8)))
        #expect(clock.hasSettled(stamp(modified: 7_999_999_999, device: 8)))
        #expect(!BuildClock(start: 10_000_000_000, device: nil).hasSettled(stamp(modified: 9_000_000_000)))
    }

    /// A named pipe where a document should be would block a plain read for ever.
    @Test func aPipeInADocumentsPlaceIsReportedNotWaitedOn() throws {
        let site = try DiskSite.generated(documents: 5)
        defer { site.remove() }
        #expect(mkfifo(site.root + "/content/practices/a-pipe.md", 0o644) == 0)
        let report = site.build()
        let problem = try #require(report.diagnostics.first { $0.id == "praxis.load.unreadable" })
        #expect(problem.location.path == "content/practices/a-pipe.md")
        #expect(problem.message.contains("not a regular file") && problem.message.contains("move it out of content/"))
    }

    /// On a local disk a file or folder is stamped without being opened (`lstat`): the stamp is
    /// the one a read takes from the open file; a link is stamped as the file it leads to, and a
    /// link where a folder should be has no stamp.
    @Test func aStampTakenWithoutOpeningIsTheStampOfTheFileRead() throws {
        let site = try DiskSite.generated(documents: 2)
        defer { site.remove() }
        let disk = DiskFileSystem()
        let document = try #require(FileManager.default.subpaths(atPath: site.root + "/content")?.first { $0.hasSuffix(".md") })
        let path = site.root + "/content/" + document
        let stamp = try #require(disk.sourceStamp(path))
        #expect(stamp == (try disk.readStamped(path)).stamp)
        try FileManager.default.createSymbolicLink(atPath: site.root + "/linked.md", withDestinationPath: path)
        #expect(disk.sourceStamp(site.root + "/linked.md") == stamp)
        #expect(disk.sourceStamp(site.root + "/content") == nil)
        let folder = try #require(disk.folderStamp(site.root + "/content"))
        #expect(folder == (try disk.readFolder(site.root + "/content"))?.stamp)
        try FileManager.default.createSymbolicLink(atPath: site.root + "/linked-folder", withDestinationPath: site.root + "/content")
        #expect(disk.folderStamp(site.root + "/linked-folder") == nil)
        #expect(disk.folderStamp(path) == nil)
        // Stamped together through their folder (`ContentLoader.stamps`), files are stamped as one
        // by one: a link as the file it leads to; a folder, a pipe or a missing name not at all.
        #expect(mkfifo(site.root + "/a-pipe.md", 0o644) == 0)
        let names = ["linked.md", "content", "a-pipe.md", "missing.md", "linked-folder", "linked.md"]
        let together = disk.sourceStamps(names, in: site.root)
        #expect(together.count == names.count && together == names.map { disk.sourceStamp(site.root + "/" + $0) })
        #expect(together[0] == stamp && together.dropFirst().dropLast().allSatisfy { $0 == nil })
        let holder = (path as NSString).deletingLastPathComponent
        for copy in 1...3 { try site.write("content/" + (document as NSString).deletingLastPathComponent + "/copy-\(copy).md", try site.read("content/" + document)) }
        let documents = try FileManager.default.contentsOfDirectory(atPath: holder).filter { $0.hasSuffix(".md") }
        let twice: [String] = documents + documents
        let stamped: [SourceStamp?] = disk.sourceStamps(twice, in: holder)
        let oneByOne: [SourceStamp?] = twice.map { disk.sourceStamp(holder + "/" + $0) }
        #expect(documents.count >= 4 && !stamped.contains(nil) && stamped == oneByOne)
        // The loader stamps each folder's files in runs, and gives each path its own stamp back.
        var everyPath: [String] = (documents + names).map { site.root + "/" + $0 }
        everyPath += documents.map { holder + "/" + $0 }
        let expected: [SourceStamp?] = everyPath.map { disk.sourceStamp($0) }
        #expect(ContentLoader.stamps(of: everyPath, disk) == expected && expected.contains { $0 != nil })
    }

    /// Twenty generated documents, built once through a counting disk after they settled (files
    /// changed in the tick of a build's start are read again by the next one: racily clean; a
    /// pause of two seconds settles them on any file system).
    private func settledSiteBuiltOnce(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (DiskSite, ReadCountingFileSystem) {
        let site = try DiskSite.generated(documents: 20)
        Thread.sleep(forTimeInterval: 2.2)
        let disk = ReadCountingFileSystem()
        #expect(site.build(through: disk).succeeded, sourceLocation: sourceLocation)
        #expect(disk.documentsRead() == 20, sourceLocation: sourceLocation)
        return (site, disk)
    }
}

/// The disk, counting how many Markdown files are read.
final class ReadCountingFileSystem: ForwardingFileSystem, @unchecked Sendable {
    private let lock = NSLock()
    private var reads = 0

    /// Markdown files read since the last call.
    func documentsRead() -> Int { lock.withLock { defer { reads = 0 }; return reads } }

    override func read(_ path: String) throws -> Data {
        count(path)
        return try disk.read(path)
    }

    override func readStamped(_ path: String) throws -> (bytes: Data, stamp: SourceStamp?) {
        count(path)
        return try disk.readStamped(path)
    }

    private func count(_ path: String) {
        if path.hasSuffix(".md") { lock.withLock { reads += 1 } }
    }
}
