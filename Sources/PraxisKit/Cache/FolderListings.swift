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
        try walkRecording(directory).entries
    }

    /// Every folder of a tree as a walk found it, by path relative to the walk's folder ("" for
    /// that folder), with its stamp: that the tree still holds what it held then can be known
    /// from the folders' stamps alone (`isUnchanged`).
    struct Tree: Sendable {
        fileprivate var folders: [(path: String, stamp: SourceStamp)] = []
    }

    /// `walk`, with the tree it found when every folder's stamp was taken and had settled (see
    /// `BuildClock`) before its entries were read; nil otherwise.
    func walkRecording(_ directory: String) throws -> (entries: [FileEntry], tree: Tree?) {
        guard fileSystem.kind(of: directory) == .directory else { return ([], nil) }
        var tree: Tree? = Tree()
        func note(_ path: String, _ stamp: SourceStamp?) {
            guard let stamp, let clock, stamp.device == clock.device, clock.hasSettled(stamp) else { return tree = nil }
            tree?.folders.append((path, stamp))
        }
        // With nothing remembered (no cache, or its first build), a stamp could only miss.
        let stampsFolders = last.count > 0
        if !stampsFolders { tree = nil }
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
        let topStamp = stampsFolders ? fileSystem.folderStamp(directory) : nil
        note("", topStamp)
        guard let top = try children(of: "", stamp: topStamp) else { return (try walked(), nil) }
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
            if tree != nil { note(entry.path, stamp) }
            guard let inner = try children(of: entry.path, stamp: stamp) else { return (try walked(), nil) }
            open.append((inner, 0))
        }
        return (entries, tree)
    }

    /// Keeps `tree` (from `walkRecording`) for the next build under `proof`: a caller's name for
    /// what it found the tree to hold (`StrayFiles`: nothing its manifest does not name).
    func record(_ tree: Tree, as proof: ContentHash) {
        next?.add(Self.proofKey(proof)) { writer in
            writer.write(tree.folders.count)
            for (path, stamp) in tree.folders {
                writer.write(path)
                stamp.write(to: &writer)
            }
        }
    }

    /// Whether the tree at `directory` is the one the last build recorded under `proof`, folder
    /// for folder: every folder there then is still there with its stamp, so no folder has
    /// gained, lost or renamed an entry, and no other folder can have appeared. The top folder's
    /// stamp cannot tell, since moving a folder (the output swapped with the kept site,
    /// `OutputSession`) changes its status-change time: its entries are read and compared with
    /// those recorded. Each other folder is stamped through one descriptor of the folder that
    /// holds it (`FileSystem.folderStamps`). When true, the tree's listings are kept for the next
    /// build.
    func isUnchanged(_ directory: String, as proof: ContentHash) -> Bool {
        let key = Self.proofKey(proof)
        guard let folders = last.stored(for: key, decode: { reader in
            try (0..<reader.readCount()).map { _ in (path: try reader.readString(), stamp: try SourceStamp(from: &reader)) }
        }), let top = folders.first, top.path.isEmpty,
              // The top folder's own entries are read and compared, name by name in bytes, with
              // those the walk recorded: its status-change time cannot vouch for them.
              let recorded = last.stored(for: Self.key(top.stamp), decode: Self.decode),
              let (entries, topNow) = try? fileSystem.readFolder(directory),
              topNow.inode == top.stamp.inode, topNow.device == top.stamp.device,
              Self.sameEntries(entries.sorted { $0.name < $1.name }, recorded) else { return false }
        // The folders in each folder, stamped together.
        var inner: [String: [(name: Substring, stamp: SourceStamp)]] = [:]
        for (path, stamp) in folders.dropFirst() {
            let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
            let (parent, name) = slash.map { (String(path[..<$0]), path[path.index(after: $0)...]) } ?? ("", path[...])
            inner[parent, default: []].append((name, stamp))
        }
        for (parent, children) in inner {
            let stamps = fileSystem.folderStamps(children.map { String($0.name) }, in: parent.isEmpty ? directory : directory + "/" + parent)
            guard stamps.count == children.count, zip(stamps, children).allSatisfy({ $0 == $1.stamp }) else { return false }
        }
        // The record itself is of no more use: taking the marker out changes the top folder.
        for (_, stamp) in folders.dropFirst() { next?.keep(Self.key(stamp)) }
        return true
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

    /// The same names (byte for byte: two spellings of one name are one `String`) of the same kinds.
    private static func sameEntries(_ some: [FolderEntry], _ others: [FolderEntry]) -> Bool {
        some.count == others.count && zip(some, others).allSatisfy { $0.kind == $1.kind && $0.name.utf8.elementsEqual($1.name.utf8) }
    }

    private static func proofKey(_ proof: ContentHash) -> ContentHash {
        var hasher = ContentHasher()
        hasher.add("tree")
        hasher.add(proof)
        return hasher.finish()
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
