import Foundation
import Testing
@testable import PraxisKit

/// The output folder always holds one whole site, the old one or the new one: a write that fails
/// at any step, or a build stopped between two steps, never leaves a mix of both or none.
@Suite("Swapping the new site in")
struct OutputSwapTests {
    @Test(arguments: [true, false])
    func aFailureAtAnyStepLeavesOneWholeSite(canExchange: Bool) throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let old = Self.pages(site.tree())
        var new = old
        new["index.html"] = Data("a new home page".utf8)
        new["practices/b/index.html"] = Data("a new page".utf8)
        new["404.html"] = nil
        let paths = ProjectPaths(root: site.root)
        for step in 1... {
            let disk = FailingFileSystem(failingAt: step, canExchange: canExchange)
            let result = Result { try OutputWriter(fileSystem: disk, paths: paths).write(Self.files(new)) }
            let now = site.tree()
            #expect(Self.manifestMatches(now), "the manifest lists exactly what is there, failing at step \(step)")
            guard disk.failed else {
                #expect(Self.pages(now) == new)
                break
            }
            if case .failure = result {
                #expect(Self.pages(now) == old, "a write that failed at step \(step) (\(disk.failure)) leaves the old site")
            } else {
                #expect(Self.pages(now) == new, "a write that succeeded despite step \(step) (\(disk.failure)) leaves the new site")
                _ = try OutputWriter(fileSystem: DiskFileSystem(), paths: paths).write(Self.files(old))
            }
        }
    }

    @Test func aBuildStoppedBetweenTheTwoMovesIsUndoneByTheNextBuild() throws {
        // Without an exchange in one step, the old site is moved aside before the new one moves in.
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let old = site.tree()
        try FileManager.default.moveItem(atPath: site.root + "/_site", toPath: site.root + "/.praxis-previous-_site")
        try site.write("content/practices/b.md", "---\ntitle: B\n---\n")
        #expect(!site.build().succeeded)
        #expect(site.tree() == old, "the old site is back, though this build failed")
        #expect(!FileManager.default.fileExists(atPath: site.root + "/.praxis-previous-_site"))
    }

    @Test func nothingIsLeftBesideTheOutputFolder() throws {
        let site = try DiskSite(OutputSafetyTests.good)
        defer { site.remove() }
        #expect(site.build().succeeded)
        try site.write("content/practices/a.md", "---\ntitle: A again\nsummary: S\ndate: 2025-01-31\n---\nBody.\n")
        #expect(site.build().succeeded)
        let names = try FileManager.default.contentsOfDirectory(atPath: site.root).sorted()
        #expect(names == [".praxis-cache", "_site", "content", "themes"])
    }
}

private extension OutputSwapTests {
    /// The site's files without its manifest, which `manifestMatches` checks.
    static func pages(_ tree: [String: Data]) -> [String: Data] {
        tree.filter { $0.key != OutputWriter.marker }
    }

    static func files(_ pages: [String: Data]) -> [RenderedFile] {
        pages.map { RenderedFile(path: $0.key, content: .bytes($0.value)) }
    }

    static func manifestMatches(_ tree: [String: Data]) -> Bool {
        guard let marker = tree[OutputWriter.marker] else { return false }
        return OutputManifest(marker).hashes == pages(tree).mapValues(OutputManifest.hash)
    }
}

/// The disk, with the `failingAt`-th change (write, folder, move, exchange or removal) failing,
/// and optionally no way to exchange two folders in one step.
final class FailingFileSystem: ForwardingFileSystem, @unchecked Sendable {
    private let failingAt: Int
    private let canExchange: Bool
    private let lock = NSLock()
    private var changes = 0
    private(set) var failure = ""
    var failed: Bool { lock.withLock { !failure.isEmpty } }

    init(failingAt: Int, canExchange: Bool) {
        self.failingAt = failingAt
        self.canExchange = canExchange
    }

    @discardableResult override func write(_ data: Data, to path: String) throws -> FileStamp {
        try change("write \(path)")
        return try disk.write(data, to: path)
    }

    override func createDirectory(_ path: String) throws {
        try change("create \(path)")
        try disk.createDirectory(path)
    }

    override func move(_ source: String, to destination: String) throws {
        try change("move \(source) to \(destination)")
        try disk.move(source, to: destination)
    }

    override func exchange(_ first: String, _ second: String) throws -> Bool {
        try change("exchange \(first) and \(second)")
        return try canExchange && disk.exchange(first, second)
    }

    override func remove(_ path: String) throws {
        try change("remove \(path)")
        try disk.remove(path)
    }

    private func change(_ what: String) throws {
        try lock.withLock {
            changes += 1
            guard changes == failingAt else { return }
            failure = what
            throw FileSystemError(path: what, reason: "planted failure")
        }
    }
}
