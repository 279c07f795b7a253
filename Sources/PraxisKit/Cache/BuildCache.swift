import Foundation

/// The build cache, `.praxis-cache/` in the repository (ignored by git): what the last build
/// computed, stored by a hash of everything each computation read, so the next build redoes only
/// what changed. Six memos (`MemoFile`):
///
/// - `sources.memo`: the hash of each document file's bytes, by its path and stamp (`SourceStamps`);
/// - `documents.memo`: the Parse stage's result for each source file, by `SourceFile.contentKey`;
/// - `terms.memo`: each page's words for the search index and "See also", by the same key;
/// - `index.memo`: the whole search index merged from them, with the key of each page's terms
///   (`IndexSnapshot`), for the next build to patch the pages that changed into;
/// - `excerpts.memo`: each page's search excerpts, by its source and the weights of its terms;
/// - `folders.memo`: the entries of each folder of the output and of the kept site, by the
///   folder's stamp (`FolderListings`).
///
/// Beside them, per output folder, the output stamps (`OutputStamps`: each file's hash and render
/// key, so an unchanged page is not rendered) and the site the last build replaced (`OutputSession`).
/// A memo counts only for the same Praxis binary and the same site.yml: its fingerprint says so. A missing, damaged or foreign memo means more work, never a
/// different site: a cached build writes the very bytes a clean build writes (`BuildCacheTests`).
/// The cache is not used at all when `.praxis-cache` is anything but a folder (a link, say).
struct BuildCache: Sendable {
    let folder: String
    let fileSystem: any FileSystem
    /// site.yml and the Praxis binary: what every memo depends on.
    let fingerprint: ContentHash
    /// False when the cache folder cannot be trusted or written.
    let isUsable: Bool

    /// `.praxis-cache` in the repository at `root`.
    static let folderName = ".praxis-cache"
    static func folder(root: String) -> String { root + "/" + folderName }

    /// Whether the cache folder may be read and written: a folder, or nothing yet.
    static func isUsable(_ folder: String, _ fileSystem: any FileSystem) -> Bool {
        let kind = fileSystem.kind(of: folder)
        return kind == nil || kind == .directory
    }

    /// `siteFile`: the bytes of site.yml the build's configuration was read from (none when there
    /// is no site.yml), so that results are never stored under another configuration's fingerprint
    /// when site.yml is saved while a build runs.
    init(paths: ProjectPaths, fileSystem: any FileSystem, siteFile: Data) {
        folder = Self.folder(root: paths.root)
        self.fileSystem = fileSystem
        var hasher = ContentHasher()
        hasher.add("praxis-build-cache 1")
        hasher.add(CodeIdentity.current)
        hasher.add(siteFile)
        fingerprint = hasher.finish()
        isUsable = Self.isUsable(folder, fileSystem)
    }

    func memo(_ name: String, extra: ContentHash? = nil) -> MemoFile {
        guard isUsable else { return MemoFile() }
        return MemoFile(path: path(name), fingerprint: fingerprint(extra), fileSystem: fileSystem)
    }

    /// The next build's memo `name`; `old`, this build's (`memo(name)`), is extended when most of it is still in use.
    func writer(_ name: String, extra: ContentHash? = nil, extending old: MemoFile = MemoFile()) -> MemoWriter? {
        guard isUsable else { return nil }
        return MemoWriter(path: path(name), fingerprint: fingerprint(extra), fileSystem: fileSystem, old: old)
    }

    /// A scratch file in the cache folder (created and unlinked at once, `BodyStore`), when the
    /// folder is there; nil otherwise, or when it cannot be made.
    func scratchFile() -> (any ScratchFile)? {
        guard isUsable, fileSystem.kind(of: folder) == .directory else { return nil }
        return try? fileSystem.scratchFile(in: folder)
    }

    /// Now, as the file system the cache is on tells time: the modification time of a file written
    /// in the cache folder, and that file system's device; nil when it cannot be written.
    func clock() -> BuildClock? {
        guard isUsable, (try? fileSystem.createDirectory(folder)) != nil else { return nil }
        let path = folder + "/clock"
        guard let written = try? fileSystem.write(Data(), to: path) else { return nil }
        return BuildClock(start: written.modified, device: fileSystem.sourceStamp(path)?.device)
    }

    private func path(_ name: String) -> String { folder + "/" + name + ".memo" }

    private func fingerprint(_ extra: ContentHash?) -> ContentHash {
        guard let extra else { return fingerprint }
        var hasher = ContentHasher()
        hasher.add(fingerprint)
        hasher.add(extra)
        return hasher.finish()
    }
}

/// Which build of Praxis is running: the file its code was loaded from (the `praxis` binary, or
/// the test bundle), with its size and modification time. Any rebuild of Praxis changes it, so no
/// memo outlives the code that wrote it. The file is named by its real path, so that `praxis`
/// run by another path (relative, absolute, through a link) still finds its cache.
enum CodeIdentity {
    static let current: String = {
        let path = imagePath() ?? realPath("/proc/self/exe") ?? realPath(CommandLine.arguments.first ?? "praxis") ?? "praxis"
        var status = stat()
        guard stat(path, &status) == 0 else { return "unknown \(ProcessInfo.processInfo.processIdentifier)" }
        #if os(Linux)
        let modified = status.st_mtim
        #else
        let modified = status.st_mtimespec
        #endif
        return "\(path) \(status.st_size) \(modified.tv_sec).\(modified.tv_nsec)"
    }()

    /// The file mapped at this module's own code (a function's address), from /proc/self/maps
    /// (`start-end perms offset device inode path`, the path after a run of spaces); Swift's Glibc
    /// does not offer `dladdr`. Nil where there is no /proc. A binary replaced since it was
    /// started shows as `path (deleted)`, which `stat` does not find: no memo is then shared.
    static func imagePath() -> String? {
        let address = UInt(bitPattern: unsafeBitCast(codeAddress, to: UnsafeRawPointer.self))
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6 else { continue }
            let path = fields[5].drop { $0 == " " }
            let bounds = fields[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            if path.hasPrefix("/"), bounds.count == 2, bounds[0] <= address, address < bounds[1] { return String(path) }
        }
        return nil
    }

    private static let codeAddress: @convention(c) () -> Void = { }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
