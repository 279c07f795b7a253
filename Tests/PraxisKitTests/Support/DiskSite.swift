import Foundation
import Testing
@testable import PraxisKit

/// A site in a fresh temporary folder on disk, with a copy of the real default theme.
struct DiskSite {
    let root: String

    init(_ spec: String = "", theme: Bool = true) throws {
        root = NSTemporaryDirectory() + "praxis-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if theme {
            try FileManager.default.createDirectory(atPath: root + "/themes", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: TestSite.repository + "/themes/default", toPath: root + "/themes/default")
        }
        for (path, text) in TestSite.blocks(spec) { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func build(output: String? = nil, write: Bool = true, drafts: Bool = false, cache: Bool = true, endsProcess: Bool = false) -> BuildReport {
        SiteBuilder(paths: ProjectPaths(root: root, output: output),
                    options: .init(includeDrafts: drafts, write: write, useCache: cache, endsProcess: endsProcess)).run()
    }

    /// A build through `fileSystem`, a test double over the disk.
    func build(through fileSystem: any FileSystem) -> BuildReport {
        SiteBuilder(fileSystem: fileSystem, paths: ProjectPaths(root: root)).run()
    }

    /// The site in `_site` is, byte for byte, what a clean build (no cache) makes.
    func expectSameAsClean(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(build(output: "clean", cache: false).succeeded, sourceLocation: sourceLocation)
        #expect(tree() == tree("clean"), sourceLocation: sourceLocation)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    func delete(_ path: String) throws { try FileManager.default.removeItem(atPath: root + "/" + path) }

    func move(_ path: String, to destination: String) throws {
        try FileManager.default.moveItem(atPath: root + "/" + path, toPath: root + "/" + destination)
    }

    /// Every file below `folder` (relative to the root) with its bytes.
    func tree(_ folder: String = "_site") -> [String: Data] {
        let base = root + "/" + folder
        var files: [String: Data] = [:]
        for entry in (try? DiskFileSystem().walk(base)) ?? [] where entry.kind == .file {
            files[String(entry.path.dropFirst(base.count + 1))] = try? Data(contentsOf: URL(fileURLWithPath: entry.path))
        }
        return files
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// Runs the `praxis` executable that `swift test` built beside the test bundle.
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = DiskSite.executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    static let executable: URL = {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("praxis")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: TestSite.repository + "/.build/debug/praxis")
    }()

    /// `gen-corpus.py` output (see `SharedInputs`) in a new site folder.
    static func generated(documents: Int) throws -> DiskSite {
        let site = try DiskSite()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SharedInputs.path("tools/gen-corpus.py"), "--docs", String(documents), "--out", site.root]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GeneratorFailure(message: "gen-corpus.py --docs \(documents) exited with status \(process.terminationStatus)")
        }
        return site
    }
}

/// A corpus generator run that failed, with what to look at.
struct GeneratorFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
