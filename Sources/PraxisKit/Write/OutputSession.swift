import Foundation

/// One build's writes. Files go to a staging folder beside the output folder as soon as they are
/// rendered — from any thread — so a big site never sits in memory whole. `commit` swaps the
/// staging folder in; `abandon` deletes it. Either way the previous site stays whole until the
/// new one is complete.
///
/// A file whose bytes are the same as in the previous build is not written again: the staging
/// folder gets a hard link to the existing file, but only when that is provably the file the
/// previous build wrote (`OutputStamps`); anything else there is written afresh.
public final class OutputSession: @unchecked Sendable {
    private let fileSystem: any FileSystem
    private let output: String
    private let staging: String
    private let previous: String
    private let stampsFile: String
    private let before: OutputStamps
    private let lock = NSLock()
    private var manifest = OutputManifest(Data())
    private var stamps = OutputStamps()
    private var written = 0
    private var bytes = 0
    private var failure: Error?
    /// Paths already staged. A second file for one path is a collision (reported by the renderer's
    /// check); it is never written, because the first may be a hard link into the current site.
    private var claimed: Set<String> = []

    init(fileSystem: any FileSystem, output: String, stampsFile: String) throws {
        self.fileSystem = fileSystem
        self.output = output
        self.stampsFile = stampsFile
        staging = OutputWriter.beside(output, OutputWriter.staging)
        previous = OutputWriter.beside(output, OutputWriter.previous)
        if let failure = OutputWriter.restoreInterruptedSwap(output, fileSystem) { throw failure }
        try fileSystem.remove(staging)
        try fileSystem.remove(previous)
        try fileSystem.createDirectory(staging)
        let stamps = fileSystem.kind(of: stampsFile) == .file ? try? fileSystem.read(stampsFile) : nil
        before = OutputStamps(stamps ?? Data(), output: output)
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
            let target = staging + "/" + file.path
            var stamp: FileStamp
            var size: Int? = data.count
            if let old = before.entries[file.path], old.hash == hash,
               fileSystem.linkUnchanged(file.path, in: output, stamp: old.stamp, to: target) {
                stamp = old.stamp
                size = nil
            } else {
                stamp = try fileSystem.write(data, to: target)
            }
            lock.withLock {
                manifest.hashes[file.path] = hash
                stamps.entries[file.path] = OutputStamps.Entry(hash: hash, stamp: stamp, renderKey: file.renderKey)
                if let size { written += 1; bytes += size }
            }
        } catch {
            lock.withLock { if failure == nil { failure = error } }
        }
    }

    /// A scratch file for the build's own data, gone when the build ends (`BodyStore`).
    func scratchFile() throws -> any ScratchFile { try fileSystem.scratchFile(in: staging) }

    /// Keeps the page the last build rendered at `path` from the same inputs, without rendering it:
    /// true when its render key is `renderKey` and the file there is provably the one Praxis
    /// wrote (see `add`). False, having staged nothing, otherwise: the caller renders it.
    public func reuse(_ path: String, renderKey: ContentHash) -> Bool {
        guard let old = before.entries[path], old.renderKey == renderKey, lock.withLock({ !claimed.contains(path) }),
              fileSystem.linkUnchanged(path, in: output, stamp: old.stamp, to: staging + "/" + path) else { return false }
        lock.withLock {
            claimed.insert(path)
            manifest.hashes[path] = old.hash
            stamps.entries[path] = old
        }
        return true
    }

    /// Makes the staged files the site: writes the manifest, swaps the staging folder with the
    /// output folder, deletes the old site and keeps the new stamps. Returns the files and bytes
    /// actually written.
    public func commit() throws -> (files: Int, bytes: Int) {
        let (failure, manifest, stamps, written, bytes) = lock.withLock { (self.failure, self.manifest, self.stamps, self.written, self.bytes) }
        do {
            if let failure { throw failure }
            try fileSystem.write(manifest.encoded, to: staging + "/" + OutputWriter.marker)
            try swapIn()
        } catch {
            abandon()
            throw error
        }
        // The site is complete already; without its stamps the next build only writes more.
        _ = try? fileSystem.write(stamps.encoded(output: output), to: stampsFile)
        return (written, bytes)
    }

    /// Deletes what was staged; the previous site is untouched.
    public func abandon() {
        try? fileSystem.remove(staging)
    }
}

private extension OutputSession {
    /// One rename where the platform can exchange two folders, so the output folder always holds a
    /// whole site, old or new. Otherwise two renames, with the old site put back if the second
    /// fails (and by the next build, `OutputWriter.restoreInterruptedSwap`, if Praxis is stopped between them).
    func swapIn() throws {
        if !fileSystem.exists(output) {
            try fileSystem.move(staging, to: output)
        } else if try fileSystem.exchange(staging, output) {
            // The staging folder now holds the old site. Left behind, the next build deletes it.
            try? fileSystem.remove(staging)
        } else {
            try fileSystem.move(output, to: previous)
            do { try fileSystem.move(staging, to: output) } catch {
                try? fileSystem.move(previous, to: output)
                throw error
            }
            try? fileSystem.remove(previous)
        }
    }
}
