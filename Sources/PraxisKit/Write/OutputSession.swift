import Foundation

/// One build's writes. Files go to the staging folder inside the output folder as soon as they
/// are rendered — from any thread — so a big site never sits in memory whole. `commit` swaps the
/// staging folder in; `abandon` deletes it. Either way the previous site stays whole until the
/// new one is complete.
///
/// A file whose bytes are the same as in the previous build is not written again: the staging
/// folder gets a hard link to the existing file.
public final class OutputSession: @unchecked Sendable {
    private let fileSystem: any FileSystem
    private let output: String
    private let staging: String
    private let previous: String
    private let before: OutputManifest
    private let lock = NSLock()
    private var manifest = OutputManifest(Data())
    private var written = 0
    private var bytes = 0
    private var failure: Error?
    /// Paths already staged. A second file for one path is a collision (reported by the renderer's
    /// check); it is never written, because the first may be a hard link into the current site.
    private var claimed: Set<String> = []

    init(fileSystem: any FileSystem, output: String) throws {
        self.fileSystem = fileSystem
        self.output = output
        staging = output + "/" + OutputWriter.staging
        previous = output + "/" + OutputWriter.previous
        try fileSystem.createDirectory(output)
        try fileSystem.remove(staging)
        try fileSystem.remove(previous)
        let marker = output + "/" + OutputWriter.marker
        before = OutputManifest(fileSystem.exists(marker) ? (try? fileSystem.read(marker)) ?? Data() : Data())
    }

    /// Writes (or links) one file into the staging folder. Safe to call from several threads; a
    /// failure is kept and thrown by `commit`.
    public func add(_ file: RenderedFile) {
        guard lock.withLock({ claimed.insert(file.path).inserted }) else { return }
        do {
            let data: Data
            switch file.content {
            case let .bytes(bytes): data = bytes
            case let .copy(origin): data = try fileSystem.read(origin)
            }
            let hash = OutputManifest.hash(data)
            let existing = output + "/" + file.path
            var size: Int? = data.count
            if before.hashes[file.path] == hash, fileSystem.kind(of: existing) == .file,
               (try? fileSystem.link(existing, to: staging + "/" + file.path)) != nil {
                size = nil
            } else {
                try fileSystem.write(data, to: staging + "/" + file.path)
            }
            lock.withLock {
                manifest.hashes[file.path] = hash
                if let size { written += 1; bytes += size }
            }
        } catch {
            lock.withLock { if failure == nil { failure = error } }
        }
    }

    /// Makes the staged files the site: writes the manifest, moves the old site aside, the new one
    /// in, and deletes the old one. Returns the files and bytes actually written.
    public func commit() throws -> (files: Int, bytes: Int) {
        let (failure, manifest, written, bytes) = lock.withLock { (self.failure, self.manifest, self.written, self.bytes) }
        do {
            if let failure { throw failure }
            try fileSystem.write(manifest.encoded, to: staging + "/" + OutputWriter.marker)
        } catch {
            abandon()
            throw error
        }
        let special: Set<String> = [OutputWriter.staging, OutputWriter.previous]
        try fileSystem.createDirectory(previous)
        for name in try fileSystem.list(output) where !special.contains(name) {
            try fileSystem.move(output + "/" + name, to: previous + "/" + name)
        }
        for name in try fileSystem.list(staging) {
            try fileSystem.move(staging + "/" + name, to: output + "/" + name)
        }
        try fileSystem.remove(staging)
        try fileSystem.remove(previous)
        return (written, bytes)
    }

    /// Deletes what was staged; the previous site is untouched.
    public func abandon() {
        try? fileSystem.remove(staging)
    }
}
