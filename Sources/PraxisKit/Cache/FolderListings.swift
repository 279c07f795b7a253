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
///
/// It also keeps whole trees (`Tree`): the output folder as the build that committed it left it
/// (`OutputSession`), and as a build's check found it (`StrayFiles`), which is the next build's kept
/// site. A tree is known from its folders' stamps alone, and only the folders changed since it was
/// recorded are read (`verified`): a rebuild reads a few dozen folders of the thirty thousand and
/// decodes none of their listings.
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

    /// Makes what this build recorded the next build's memo.
    func finish() { next?.finish() }

    /// Everything below `directory` (links not followed), by paths relative to it, each folder
    /// before what it holds (just before, unless the file system cannot stamp folders), the entries
    /// of one folder sorted by name; each folder's entries come from the memo when its stamp is one
    /// recorded there. Safe to call from several threads.
    func walk(_ directory: String) throws -> [FileEntry] {
        try walkRecording(directory).entries
    }

    /// The folders of a tree, by paths relative to its top folder: each folder that holds folders
    /// ("" for the top), before the folders it holds, with their names and stamps. That the tree
    /// still holds what it held when they were taken can then be known from the stamps alone
    /// (`verified`). A folder without a stamp is read and checked instead: one the build that
    /// recorded the tree changed, or one whose stamp had not settled (`BuildClock`). The top
    /// folder is always read: moving a folder (the output swapped with the kept site,
    /// `OutputSession`) changes its status-change time.
    struct Tree: Sendable {
        typealias Folder = (name: String, stamp: SourceStamp?)
        fileprivate(set) var groups: [(folder: String, inner: [Folder])] = []
        /// The top folder's inode and device, which a rename keeps: the output folder and the kept
        /// site may have one manifest (a build that changed nothing), never one top folder.
        fileprivate let top: (inode: UInt64, device: UInt64)

        /// The same tree with the folders `changed` (paths relative to the top, new ones among
        /// them) to be read, not trusted by their stamps: what a build that changed them records.
        func changing(_ changed: Set<String>) -> Tree {
            guard !changed.isEmpty else { return self }
            var groups = self.groups
            // (Two spellings of one name are one `String`: either is found for the other, and
            // both are then read, which is always safe.)
            var place = Dictionary(groups.indices.map { (groups[$0].folder, $0) }, uniquingKeysWith: { first, _ in first })
            /// Each group's folders by name, made for the groups a changed folder is in.
            var names: [Int: [String: Int]] = [:]
            // Parents before what they hold: a new folder's group is made after its parent's.
            for path in changed.sorted(by: { $0.utf8.count < $1.utf8.count }) {
                let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
                let (folder, name) = slash.map { (String(path[..<$0]), String(path[path.index(after: $0)...])) } ?? ("", path)
                let group = place[folder] ?? {
                    groups.append((folder, []))
                    place[folder] = groups.count - 1
                    return groups.count - 1
                }()
                if names[group] == nil {
                    names[group] = Dictionary(groups[group].inner.indices.map { (groups[group].inner[$0].name, $0) }, uniquingKeysWith: { first, _ in first })
                }
                if let known = names[group]?[name] {
                    groups[group].inner[known].stamp = nil
                } else {
                    groups[group].inner.append((name, nil))
                    names[group]?[name] = groups[group].inner.count - 1
                }
            }
            return Tree(groups: groups, top: top)
        }

        fileprivate static func path(_ folder: String, _ name: String) -> String { folder.isEmpty ? name : folder + "/" + name }

        fileprivate func write(to writer: inout BinaryWriter) {
            writer.write(groups.count)
            for (folder, inner) in groups {
                writer.write(folder)
                writer.write(inner.count)
                for (name, stamp) in inner {
                    writer.write(name)
                    writer.write(stamp != nil)
                    stamp?.write(to: &writer)
                }
            }
        }

        fileprivate init(groups: [(folder: String, inner: [Folder])] = [], top: SourceStamp) {
            self.init(groups: groups, top: (top.inode, top.device))
        }

        private init(groups: [(folder: String, inner: [Folder])], top: (inode: UInt64, device: UInt64)) {
            self.groups = groups
            self.top = top
        }

        fileprivate init(from reader: inout BinaryReader, top: (inode: UInt64, device: UInt64)) throws {
            self.top = top
            groups = try (0..<reader.readCount()).map { _ in
                let folder = try reader.readString()
                let inner = try (0..<reader.readCount()).map { _ -> Folder in
                    (try reader.readString(), try reader.readBool() ? try SourceStamp(from: &reader) : nil)
                }
                return (folder, inner)
            }
        }
    }

    /// `walk`, with the tree it found (each folder stamped before its entries were read; a
    /// folder whose stamp had not settled is to be read again, `Tree`); nil when folders cannot
    /// be stamped, or when nothing is remembered yet (a stamp could only miss).
    func walkRecording(_ directory: String) throws -> (entries: [FileEntry], tree: Tree?) {
        guard fileSystem.kind(of: directory) == .directory else { return ([], nil) }
        // With nothing remembered (no cache, or its first build), a stamp could only miss.
        let stampsFolders = last.count > 0
        let topStamp = stampsFolders ? fileSystem.folderStamp(directory) : nil
        var tree = clock == nil ? nil : topStamp.map { Tree(top: $0) }
        /// The entries of one folder (relative to `directory`), sorted, each inner folder with its
        /// stamp (all of them taken together); nil when the file system cannot stamp folders.
        func children(of folder: String, stamp: SourceStamp?) throws -> [(entry: FileEntry, stamp: SourceStamp?)]? {
            let path = folder.isEmpty ? directory : directory + "/" + folder
            guard let sorted = try listing(of: path, stamp: stamp) else { return nil }
            let inner = stampsFolders ? sorted.filter { $0.kind == .directory }.map(\.name) : []
            let innerStamps = fileSystem.folderStamps(inner, in: path)
            if !inner.isEmpty, tree != nil {
                tree?.groups.append((folder, zip(inner, innerStamps).map { name, stamp -> Tree.Folder in (name, stamp.flatMap { settled($0) ? $0 : nil }) }))
            }
            var stamps = innerStamps.makeIterator()
            return sorted.map { listed in
                (FileEntry(path: folder.isEmpty ? listed.name : folder + "/" + listed.name, kind: listed.kind),
                 stampsFolders && listed.kind == .directory ? stamps.next()! : nil)
            }
        }
        /// The file system's own walk, by relative paths.
        func walked() throws -> [FileEntry] {
            try fileSystem.walk(directory).map { FileEntry(path: String(decoding: $0.path.utf8.dropFirst(directory.utf8.count + 1), as: UTF8.self), kind: $0.kind) }
        }
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
            guard let inner = try children(of: entry.path, stamp: stamp) else { return (try walked(), nil) }
            open.append((inner, 0))
        }
        return (entries, tree)
    }

    /// Keeps `tree` (from `walkRecording` or `verified`, or as a build left it, `Tree.changing`)
    /// for the next build under `proof`: a caller's name for what the tree holds besides folders
    /// (`StrayFiles`: nothing its manifest does not name).
    func record(_ tree: Tree, as proof: ContentHash) {
        next?.add(Self.proofKey(proof, tree.top)) { tree.write(to: &$0) }
    }

    /// The tree at `directory`, found to be the one recorded under `proof` (`record`) and to hold
    /// no file that `holds` refuses, or nil when that cannot be known; folder for folder:
    /// - a folder with a stamp still has it, so it has gained, lost or renamed no entry since:
    ///   its files are those it held then, and its folders are those recorded in it;
    /// - a folder without one (the top folder among them) is read: each of its files must be
    ///   held, each of its folders recorded in it, and nothing else is allowed there, nor may it
    ///   be empty. A recorded folder that a folder read now no longer lists is gone, with all it
    ///   held.
    /// So every folder there holds, at some depth, a file that `holds` allows, as `StrayFiles`
    /// requires: a folder with a stamp held such files when it was stamped, and still does.
    /// Folders are stamped together through one descriptor of the folder that holds them
    /// (`FileSystem.folderStamps`). The tree returned has the stamps of the folders read now
    /// where they had settled: it can be recorded again for the next build.
    func verified(_ directory: String, as proof: ContentHash, holds: (String) -> Bool) -> Tree? {
        guard let top = fileSystem.folderStamp(directory),
              let recorded = last.stored(for: Self.proofKey(proof, (top.inode, top.device)), decode: { try Tree(from: &$0, top: (top.inode, top.device)) }) else { return nil }
        // Names and paths by their bytes: two spellings of one name (`é` composed and decomposed)
        // are one `String` but two entries on disk.
        /// The folders read now: the names of the folders each lists.
        var read: [[UInt8]: Set<[UInt8]>] = [:]
        var gone: Set<[UInt8]> = []
        var groupsSeen: Set<[UInt8]> = []
        /// Reads `folder` (relative to `directory`) and checks what it holds; its stamp, nil when
        /// it holds what it may not.
        func check(_ folder: String) -> SourceStamp? {
            let path = folder.isEmpty ? directory : directory + "/" + folder
            // An empty folder holds nothing Praxis wrote (one it emptied was removed, `OutputSession`).
            guard let (entries, stamp) = (try? fileSystem.readFolder(path)) ?? nil, !entries.isEmpty else { return nil }
            var folders: Set<[UInt8]> = []
            for entry in entries {
                switch entry.kind {
                case .file: guard holds(Tree.path(folder, entry.name)) else { return nil }
                case .directory: folders.insert(Array(entry.name.utf8))
                case .symlink: return nil
                }
            }
            read[Array(folder.utf8)] = folders
            return stamp
        }
        // The top folder read is the one the record was found for.
        guard let topNow = check(""), topNow.inode == top.inode, topNow.device == top.device else { return nil }
        var found = Tree(top: top)
        for (folder, inner) in recorded.groups {
            let bytes = Array(folder.utf8)
            if gone.contains(bytes) {
                for (name, _) in inner { gone.insert(Array(Tree.path(folder, name).utf8)) }
                continue
            }
            let listed = read[bytes]
            // Every folder that a folder read now lists is recorded in it.
            if let listed {
                groupsSeen.insert(bytes)
                guard listed.isSubset(of: inner.map { Array($0.name.utf8) }) else { return nil }
            }
            var kept: [Tree.Folder] = []
            var stamped: [(name: String, stamp: SourceStamp)] = []
            for (name, stamp) in inner {
                if let listed, !listed.contains(Array(name.utf8)) {
                    gone.insert(Array(Tree.path(folder, name).utf8))
                } else if let stamp {
                    stamped.append((name, stamp))
                } else {
                    guard let now = check(Tree.path(folder, name)) else { return nil }
                    kept.append((name, settled(now) ? now : nil))
                }
            }
            let now = fileSystem.folderStamps(stamped.map(\.name), in: folder.isEmpty ? directory : directory + "/" + folder)
            guard now.count == stamped.count, zip(now, stamped).allSatisfy({ $0 == $1.stamp }) else { return nil }
            found.groups.append((folder, stamped.map { ($0.name, $0.stamp) } + kept))
        }
        // A folder read now that was recorded holding no folders must hold none.
        guard read.allSatisfy({ groupsSeen.contains($0.key) || $0.value.isEmpty }) else { return nil }
        return found
    }

    /// Whether `stamp` can be recorded (`BuildClock.hasSettled`, on the clock's file system).
    private func settled(_ stamp: SourceStamp) -> Bool {
        guard let clock else { return false }
        return stamp.device == clock.device && clock.hasSettled(stamp)
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
        if let next, settled(stamp) {
            next.add(Self.key(stamp)) { Self.encode(entries, to: &$0) }
        }
        return entries
    }

    private static func proofKey(_ proof: ContentHash, _ top: (inode: UInt64, device: UInt64)) -> ContentHash {
        var hasher = ContentHasher()
        hasher.add("tree 2")
        hasher.add(proof)
        hasher.add(Int(truncatingIfNeeded: top.inode))
        hasher.add(Int(truncatingIfNeeded: top.device))
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
