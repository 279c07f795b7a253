import Foundation

/// One build's writes. Files go to a staging folder as soon as they are rendered — from any
/// thread — so a big site never sits in memory whole. `commit` swaps the staging folder in;
/// `abandon` drops it. Either way the previous site stays whole until the new one is complete.
///
/// A file whose bytes are the same as in the previous build is not written again: the staging
/// folder gets a hard link to the existing file, but only when that is provably the file the
/// previous build wrote (`OutputStamps`); anything else there is written afresh.
///
/// The site a swap replaces is kept, when it can be, as the next build's staging folder (in
/// `.praxis-cache/`, on the output's file system): most of its folders and files are the next
/// site's already, so a rebuild creates, links and deletes only what changed instead of a whole
/// tree. What is there is trusted only as far as its manifest names it, and every kept file is
/// either the very file of the live site or replaced; the live site's files are never written into.
public final class OutputSession: @unchecked Sendable {
    private let fileSystem: any FileSystem
    private let output: String
    private let staging: String
    private let previous: String
    private let stampsFile: String
    private let before: OutputStamps
    /// Links unchanged files of the live site into the staging folder, holding its folders open
    /// until the swap (`FileSystem.linker(for:)`).
    private let linker: any UnchangedLinker
    private let lock = NSLock()
    /// What is staged, with the hash of each file: the next manifest and the next stamps.
    private var stamps = OutputStamps()
    private var written = 0
    private var bytes = 0
    private var failure: Error?
    /// Paths already staged. A second file for one path is a collision (reported by the renderer's
    /// check); it is never written, because the first may be a hard link into the current site.
    private var claimed: Set<String> = []
    /// Paths a second file was given for.
    private var repeated: Set<String> = []
    /// The manifest of the site kept in the staging folder, when there is one, as its marker's
    /// bytes and read; the marker is taken away while the folder is being changed, and put back if
    /// the build stops before changing it.
    private let kept: (marker: Data, manifest: OutputManifest)?
    private var changedKept = false
    /// The kept site's folders as found when it was taken over (`FolderListings.verified`), and
    /// the folders of it this build changed (paths relative to it): from both, the tree the new
    /// site is is recorded for the next build's check of the output folder.
    private let keptTree: FolderListings.Tree?
    private var changedFolders: Set<String> = []
    private let listings: FolderListings?
    /// What the kept site held that Praxis did not write, moved aside when it was taken over
    /// (`reclaim`): paths in `recoveryFolder`.
    public let recovered: [String]
    /// Where such entries go: `.praxis-cache/recovered/`, beside the kept site.
    var recoveryFolder: String { Self.recoveryFolder(beside: staging) }
    private let wayLock = NSLock()
    /// Whether the site this build replaces is kept as the next build's staging folder.
    private let keepsReplaced: Bool

    /// `keeping`, when given, is where the replaced site is kept between builds; what is there is
    /// looked into through `listings`.
    init(fileSystem: any FileSystem, output: String, stampsFile: String, keeping: String? = nil,
         listings: FolderListings? = nil) throws {
        self.fileSystem = fileSystem
        self.output = output
        self.stampsFile = stampsFile
        let beside = OutputWriter.beside(output, OutputWriter.staging)
        staging = keeping ?? beside
        keepsReplaced = keeping != nil
        previous = OutputWriter.beside(output, OutputWriter.previous)
        if let failure = OutputWriter.restoreInterruptedSwap(output, fileSystem) { throw failure }
        try fileSystem.remove(beside)
        try fileSystem.remove(previous)
        let reclaimed = keeping == nil ? nil : try Self.reclaim(staging, fileSystem, listings ?? FolderListings(fileSystem: fileSystem))
        kept = reclaimed.map { ($0.marker, $0.manifest) }
        keptTree = reclaimed?.tree
        recovered = reclaimed?.recovered ?? []
        self.listings = listings
        if kept == nil { try fileSystem.createDirectory(staging) }
        let stamps = fileSystem.kind(of: stampsFile) == .file ? try? fileSystem.read(stampsFile) : nil
        before = OutputStamps(stamps ?? Data(), output: output)
        // A staging folder made anew holds nothing to find before a link.
        linker = fileSystem.linker(for: output, fresh: kept == nil)
        // A rebuild stages about as many files as the last build did.
        claimed.reserveCapacity(before.entries.count)
        self.stamps.entries.reserveCapacity(before.entries.count)
    }

    /// Writes (or links) one file into the staging folder. Safe to call from several threads; a
    /// failure is kept and thrown by `commit`.
    public func add(_ file: RenderedFile) {
        guard lock.withLock({
            changedKept = true
            guard claimed.insert(file.path).inserted else { repeated.insert(file.path); return false }
            return true
        }) else { return }
        do {
            let data: Data
            switch file.content {
            case let .bytes(bytes): data = bytes
            case let .copy(origin): data = try fileSystem.read(origin)
            }
            let hash = OutputManifest.hash(data)
            let target = staging + "/" + file.path
            let old = before.entries[file.path].flatMap { $0.hash == hash ? $0 : nil }
            let linked = old.map { linker.link(file.path, stamp: $0.stamp, to: target) } ?? .failed
            let stamp: FileStamp
            if let old, linked.succeeded {
                stamp = old.stamp
            } else if kept == nil {
                stamp = try fileSystem.write(data, to: target)
            } else {
                do { stamp = try fileSystem.write(data, to: target) } catch {
                    clearWay(to: file.path)
                    stamp = try fileSystem.write(data, to: target)
                }
            }
            lock.withLock {
                stamps.entries[file.path] = OutputStamps.Entry(hash: hash, stamp: stamp, renderKey: file.renderKey)
                if linked != .foundThere { noteChanged(file.path) }
                if !linked.succeeded { written += 1; bytes += data.count }
            }
        } catch {
            lock.withLock { if failure == nil { failure = error } }
        }
    }

    /// The paths more than one file was given for (to `add`, or to `add` after `reuse` kept one):
    /// only the first was staged.
    public var repeatedPaths: Set<String> { lock.withLock { repeated } }

    /// A scratch file for the build's own data, gone when the build ends (`BodyStore`).
    func scratchFile() throws -> any ScratchFile { try fileSystem.scratchFile(in: staging) }

    /// Keeps the page the last build rendered at `path` from the same inputs, without rendering it:
    /// true when its render key is `renderKey` and the file there is provably the one Praxis
    /// wrote (see `add`). False, having staged nothing, otherwise: the caller renders it.
    public func reuse(_ path: String, renderKey: ContentHash) -> Bool {
        guard let old = before.entries[path], old.renderKey == renderKey else { return false }
        // Claimed before it is linked, so that no other file for the path is staged meanwhile; a
        // path claimed already is rendered by the caller, and `add` finds it given twice.
        guard lock.withLock({ changedKept = true; return claimed.insert(path).inserted }) else { return false }
        let linked = linker.link(path, stamp: old.stamp, to: staging + "/" + path)
        guard linked.succeeded else {
            lock.withLock { _ = claimed.remove(path) }
            return false
        }
        lock.withLock {
            stamps.entries[path] = old
            if linked == .linked { noteChanged(path) }
        }
        return true
    }

    /// Makes the staged files the site: writes the manifest, swaps the staging folder with the
    /// output folder, deletes the old site and keeps the new stamps. Returns the files and bytes
    /// actually written.
    public func commit() throws -> (files: Int, bytes: Int) {
        // Nothing more is staged: the live site's folders are let go of before it is swapped out.
        linker.close()
        let (failure, stamps, written, bytes) = lock.withLock { (self.failure, self.stamps, self.written, self.bytes) }
        // Both the manifest and the next build's stamps list the files by path: sorted once (while
        // what the kept site had and this build did not stage is removed), and the stamps encoded
        // beside the swap.
        let (sorted, cleared) = alongside({ [before] in stamps.sorted(following: before) }, {
            Result {
                if let failure { throw failure }
                try removeUnclaimed(stamps)
            }
        })
        let (encodedStamps, swapped) = alongside({ [output] in OutputStamps.encoded(sorted, output: output) }, {
            Result {
                try cleared.get()
                let manifest = OutputManifest.encoded(sorted.map { ($0.path, $0.entry.hash) })
                try fileSystem.write(manifest, to: staging + "/" + OutputWriter.marker)
                try swapIn()
                return manifest
            }
        })
        let manifest: Data
        do { manifest = try swapped.get() } catch {
            abandon()
            throw error
        }
        // The site is the kept one, changed in a few folders: the next build checks the output
        // folder from its folders' stamps, reading only those (`StrayFiles`).
        if let keptTree, let listings {
            listings.record(keptTree.changing(lock.withLock { changedFolders }), as: OutputManifest.digest(of: manifest))
        }
        // The site is complete already; without its stamps the next build only writes more.
        _ = try? fileSystem.write(encodedStamps, to: stampsFile)
        return (written, bytes)
    }

    /// Deletes what was staged; the previous site is untouched. A kept site this build had not
    /// begun to change is kept for the next one.
    public func abandon() {
        linker.close()
        let untouched = lock.withLock { !changedKept }
        if untouched, let kept, (try? fileSystem.write(kept.marker, to: staging + "/" + OutputWriter.marker)) != nil { return }
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
            // The staging folder now holds the old site: kept for the next build, or deleted.
            if !keepsReplaced { try? fileSystem.remove(staging) }
        } else {
            try fileSystem.move(output, to: previous)
            do { try fileSystem.move(staging, to: output) } catch {
                try? fileSystem.move(previous, to: output)
                throw error
            }
            if !keepsReplaced || (try? fileSystem.move(previous, to: staging)) == nil { try? fileSystem.remove(previous) }
        }
    }

    /// Takes over the site kept at `folder` by an earlier build: returns its manifest, having
    /// removed its marker and everything there the manifest does not name. Nil, with the folder
    /// removed, when nothing usable is there.
    ///
    /// What the manifest does not name came from outside Praxis (a kept site with its marker was
    /// never changed by a build since it was the output): most often a file put in the output
    /// folder while a build was making the next site, which the swap then moved here. It is not
    /// deleted but moved to `recoveryFolder(beside:)` (`recovered`), except what older versions of
    /// Praxis left there (`.praxis-*`).
    static func reclaim(_ folder: String, _ fileSystem: any FileSystem, _ listings: FolderListings) throws
        -> (marker: Data, manifest: OutputManifest, tree: FolderListings.Tree?, recovered: [String])? {
        let marker = folder + "/" + OutputWriter.marker
        guard fileSystem.kind(of: folder) == .directory, fileSystem.kind(of: marker) == .file,
              let data = try? fileSystem.read(marker) else {
            try fileSystem.remove(folder)
            return nil
        }
        let manifest = OutputManifest(data)
        // Found, while it was the output, to hold nothing its manifest does not name (`StrayFiles`),
        // and unchanged since but in the folders read now: nothing to remove. Asked before the
        // marker goes, which changes the folder.
        let verified = listings.verified(folder, as: manifest.digest, holds: manifest.names)
        try fileSystem.remove(marker)
        if let verified { return (data, manifest, verified, []) }
        let named = manifest.hashes
        let folders = StrayFiles.folders(of: Array(named.keys))
        var removed: String?
        var recovered: [String] = []
        let (entries, tree) = try listings.walkRecording(folder)
        for entry in entries {
            // Each folder before what it holds: what is inside a removed folder went with it.
            // (By bytes, as names are compared with the manifest: `StrayFiles.holds`.)
            if let removed, entry.path.utf8.starts(with: removed.utf8) { continue }
            let known = entry.kind == .directory ? StrayFiles.holds(folders, entry.path) : entry.kind == .file && StrayFiles.holds(named.keys, entry.path)
            guard !known else { continue }
            if entry.path.hasPrefix(".praxis") {
                try fileSystem.remove(folder + "/" + entry.path)
            } else {
                recovered.append(try recover(folder + "/" + entry.path, as: entry.path, in: recoveryFolder(beside: folder), fileSystem))
            }
            removed = entry.path + "/"
        }
        // Walked whole, with nothing to remove: the tree is what the session changes.
        return (data, manifest, removed == nil ? tree : nil, recovered)
    }

    static func recoveryFolder(beside kept: String) -> String {
        (kept as NSString).deletingLastPathComponent + "/recovered"
    }

    /// Moves `path` to `relative` in `folder`, or beside an entry already there with a number
    /// added (`notes (2).txt`); returns where it went, relative to `folder`.
    private static func recover(_ path: String, as relative: String, in folder: String, _ fileSystem: any FileSystem) throws -> String {
        let name = relative as NSString
        let (stem, ext) = (name.deletingPathExtension, name.pathExtension)
        var target = relative, number = 1
        while fileSystem.exists(folder + "/" + target) {
            number += 1
            target = "\(stem) (\(number))" + (ext.isEmpty ? "" : "." + ext)
        }
        try fileSystem.createDirectory((folder + "/" + target as NSString).deletingLastPathComponent)
        try fileSystem.move(path, to: folder + "/" + target)
        return target
    }

    /// In a kept site, a file where this build puts a folder, or a folder where it puts a file
    /// (what is removed was the old site's only: this build cannot have both).
    /// One thread at a time, each deciding on what it finds under the lock: two pages of a folder
    /// that was a file must not both remove it, the second after the first made it a folder again.
    func clearWay(to path: String) {
        wayLock.lock()
        defer { wayLock.unlock() }
        var folder = staging
        for part in path.pathParts.dropLast() {
            folder += "/" + part
            if let kind = fileSystem.kind(of: folder), kind != .directory {
                try? fileSystem.remove(folder)
                return
            }
        }
        if fileSystem.kind(of: staging + "/" + path) == .directory { try? fileSystem.remove(staging + "/" + path) }
    }

    /// Notes the folders on the way to `path` (relative to the staging folder) as changed by
    /// this build; the lock is held.
    func noteChanged(_ path: String) {
        var folder = path[...]
        while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
            folder = folder[..<slash]
            guard changedFolders.insert(String(folder)).inserted else { break }
        }
    }

    /// Removes what the kept site had and this build did not stage, with the folders it leaves
    /// empty. A folder there now holds this build's files (`clearWay`) and stays.
    func removeUnclaimed(_ staged: OutputStamps) throws {
        guard let kept else { return }
        for path in kept.manifest.hashes.keys where staged.entries[path] == nil {
            guard fileSystem.kind(of: staging + "/" + path) == .file else { continue }
            lock.withLock { noteChanged(path) }
            try fileSystem.remove(staging + "/" + path)
            var folder = path[...]
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard (try? fileSystem.list(staging + "/" + folder))?.isEmpty == true else { break }
                try fileSystem.remove(staging + "/" + folder)
            }
        }
    }
}
