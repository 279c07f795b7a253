import Foundation

/// `folders.memo`: the entries of each folder a build looked into in the output folder and in the
/// kept site (`OutputSession`), by the folder's stamp when they were read (`SourceStamp`: inode,
/// device, modification and status-change times). Adding, removing or renaming an entry changes a
/// folder's modification time, so a folder that still has a recorded stamp still holds the
/// entries recorded with it. The next build stamps each folder (an `fstatat` of its name, through
/// one descriptor of the folder that holds it: `FileSystem.folderStamps`) and reads only those that
/// changed, instead of reading some thirty thousand folders to learn what it knew.
///
/// As for sources (`SourceStamps`), the stamp is taken before the entries are read, and a folder
/// changed in the tick of the build's start or later is not recorded (`BuildClock.hasSettled`):
/// the next build reads it again. Only folders on the file system whose clock that is are
/// recorded. Keys hold no path: the kept site becomes the output and the output the kept site by
/// renaming two folders, and what is inside them is still known.
struct FolderListings: Sendable {
    private let fileSystem: any FileSystem
    private let last: MemoFile
    private let next: MemoWriter?
    /// When the build began; nil records nothing.
    private let clock: BuildClock?

    /// No memo: every folder is read.
    init(fileSystem: any FileSystem) {
        self.init(fileSystem: fileSystem, last: MemoFile(), next: nil, clock: nil)
    }

    init(fileSystem: any FileSystem, last: MemoFile, next: MemoWriter?, clock: BuildClock?) {
        self.fileSystem = fileSystem
        self.last = last
        self.next = next
        self.clock = clock
    }

    /// Everything below `directory` (links not followed), by paths relative to it, each folder
    /// before what it holds (just before, unless the file system cannot stamp folders), the entries
    /// of one folder sorted by name; each folder's entries come from the memo when its stamp is one
    /// recorded there. Safe to call from several threads.
    func walk(_ directory: String) throws -> [FileEntry] {
        guard fileSystem.kind(of: directory) == .directory else { return [] }
        // With nothing remembered (no cache, or its first build), a stamp could only miss.
        let stampsFolders = last.count > 0
        /// The entries of one folder (relative to `directory`), sorted, each inner folder with its
        /// stamp (all of them taken together); nil when the file system cannot stamp folders.
        func children(of folder: String, stamp: SourceStamp?) throws -> [(entry: FileEntry, stamp: SourceStamp?)]? {
            let path = folder.isEmpty ? directory : directory + "/" + folder
            guard let sorted = try listing(of: path, stamp: stamp) else { return nil }
            let inner = stampsFolders ? sorted.filter { $0.kind == .directory }.map(\.name) : []
            var innerStamps = fileSystem.folderStamps(inner, in: path).makeIterator()
            return sorted.map { listed in
                (FileEntry(path: folder.isEmpty ? listed.name : folder + "/" + listed.name, kind: listed.kind),
                 stampsFolders && listed.kind == .directory ? innerStamps.next()! : nil)
            }
        }
        /// The file system's own walk, by relative paths.
        func walked() throws -> [FileEntry] {
            try fileSystem.walk(directory).map { FileEntry(path: String(decoding: $0.path.utf8.dropFirst(directory.utf8.count + 1), as: UTF8.self), kind: $0.kind) }
        }
        guard let top = try children(of: "", stamp: stampsFolders ? fileSystem.folderStamp(directory) : nil) else { return try walked() }
        var entries: [FileEntry] = []
        // The folders being looked into, outermost first, each with the next of its entries.
        var open: [(children: [(entry: FileEntry, stamp: SourceStamp?)], next: Int)] = [(top, 0)]
        while let last = open.indices.last {
            guard open[last].next < open[last].children.count else {
                open.removeLast()
                continue
            }
            let (entry, stamp) = open[last].children[open[last].next]
            open[last].next += 1
            entries.append(entry)
            guard entry.kind == .directory else { continue }
            guard let inner = try children(of: entry.path, stamp: stamp) else { return try walked() }
            open.append((inner, 0))
        }
        return entries
    }

    /// One folder's entries sorted by name, remembered (when its `stamp` is one recorded) or read
    /// (and then recorded, sorted); nil when the file system cannot stamp folders.
    private func listing(of folder: String, stamp: SourceStamp?) throws -> [FolderEntry]? {
        if let stamp {
            let key = Self.key(stamp)
            if let known = last.stored(for: key, decode: Self.decode) {
                next?.keep(key)
                return known
            }
        }
        guard let (read, stamp) = try fileSystem.readFolder(folder) else { return nil }
        let entries = read.sorted { $0.name < $1.name }
        if let next, let clock, stamp.device == clock.device, clock.hasSettled(stamp) {
            next.add(Self.key(stamp)) { Self.encode(entries, to: &$0) }
        }
        return entries
    }

    private static func key(_ stamp: SourceStamp) -> ContentHash {
        var hasher = ContentHasher()
        hasher.add("folder")
        stamp.add(to: &hasher)
        return hasher.finish()
    }

    private static func encode(_ entries: [FolderEntry], to writer: inout BinaryWriter) {
        writer.write(entries.count)
        for entry in entries {
            writer.write(kinds.firstIndex(of: entry.kind)!)
            writer.write(entry.name)
        }
    }

    private static func decode(_ reader: inout BinaryReader) throws -> [FolderEntry] {
        let count = try reader.readCount()
        var entries: [FolderEntry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let kind = try reader.readInt()
            guard kinds.indices.contains(kind) else { throw BinaryReader.Damaged() }
            entries.append(FolderEntry(name: try reader.readString(), kind: kinds[kind]))
            // Recorded sorted (two spellings of one name, which `String` holds equal, side by side);
            // anything else is not what was recorded.
            guard entries.count < 2 || entries[entries.count - 2].name <= entries[entries.count - 1].name else { throw BinaryReader.Damaged() }
        }
        return entries
    }

    private static let kinds: [FileEntry.Kind] = [.file, .directory, .symlink]
}
