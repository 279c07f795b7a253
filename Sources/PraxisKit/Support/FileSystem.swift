import Foundation

/// The one seam between Praxis and the disk. The loader reads through it, the writer writes
/// through it, and tests replace it with `InMemoryFileSystem`. Paths are absolute POSIX paths.
public protocol FileSystem: Sendable {
    func read(_ path: String) throws -> Data
    /// Reads a large file that is only read, not kept whole: the disk maps it into memory.
    func readMapped(_ path: String) throws -> Data
    /// Opens a regular file (never through a link) to map it and read parts of it later: a part
    /// read by range comes from the very file that was opened, even after it was replaced at `path`.
    func openForReading(_ path: String) throws -> any OpenedFile
    /// Adds bytes at the end of a file, creating it; never through a link.
    func append(_ data: Data, to path: String) throws
    /// Every entry below `directory`, recursively, without following symbolic links,
    /// sorted by path. Missing directory: an empty list.
    func walk(_ directory: String) throws -> [FileEntry]
    func kind(of path: String) -> FileEntry.Kind?
    /// Where a symbolic link finally leads, as an absolute path with every link resolved.
    func resolvingLinks(_ path: String) -> String
    /// Writes a new file, never through a link, and returns its stamp. An entry already at `path`
    /// is replaced, never written into: it may be a hard link to a file that must not change.
    @discardableResult func write(_ data: Data, to path: String) throws -> FileStamp
    func createDirectory(_ path: String) throws
    func move(_ source: String, to destination: String) throws
    /// Swaps two existing entries in one step, so that no one ever sees neither or both.
    /// Returns false, having changed nothing, when the platform or file system cannot.
    func exchange(_ first: String, _ second: String) throws -> Bool
    /// Makes `destination` a hard link to `path` (relative to `directory`) only when that is
    /// still the very file stamped `stamp`: a regular file, reached without following any
    /// symbolic link. An entry already at `destination` is replaced, unless it is that very file
    /// (a regular file stamped `stamp`), which is kept without looking at `path`. Says which of
    /// the two it did, or that it linked nothing (`LinkOutcome`).
    func linkUnchanged(_ path: String, in directory: String, stamp: FileStamp, to destination: String) -> LinkOutcome
    /// `linkUnchanged` for many files of one `directory`: what it opens on the way to them may
    /// stay open between calls, until the linker's `close()`. `fresh`: every destination lies in a
    /// folder made for this linker's caller and empty but for what the caller put there, each path
    /// once, so no destination is there already and none needs looking at first.
    func linker(for directory: String, fresh: Bool) -> any UnchangedLinker
    /// Removes a file, a link (never what it points to) or a whole directory.
    func remove(_ path: String) throws
    func list(_ directory: String) throws -> [String]
    /// Whether two paths (or their deepest existing ancestors) are on one file system, so that
    /// one can be renamed to the other.
    func sameVolume(_ first: String, _ second: String) -> Bool
    /// A file for a build's own intermediate data, in `directory`, that disappears when the build
    /// ends, however it ends (on disk: created and unlinked at once, kept open).
    func scratchFile(in directory: String) throws -> any ScratchFile
    /// What tells whether a regular file at `path` (links followed) has changed since it had this
    /// stamp; nil when it is not a regular file, or when the file system cannot tell.
    func sourceStamp(_ path: String) -> SourceStamp?
    /// `sourceStamp` of each of the files `names` in `folder`, in order: on disk, looked up through
    /// one descriptor of `folder` rather than by each whole path.
    func sourceStamps(_ names: [String], in folder: String) -> [SourceStamp?]
    /// A file's bytes with the stamp of the very file they were read from (`sourceStamp`).
    func readStamped(_ path: String) throws -> (bytes: Data, stamp: SourceStamp?)
    /// What tells whether the folder at `path` (reached without following a link) has gained,
    /// lost or renamed an entry since it had this stamp; nil when it is not a folder, or when
    /// the file system cannot tell.
    func folderStamp(_ path: String) -> SourceStamp?
    /// `folderStamp` of each of the folders `names` in `folder`, in order: on disk, looked up
    /// through one descriptor of `folder` rather than by each whole path.
    func folderStamps(_ names: [String], in folder: String) -> [SourceStamp?]
    /// One folder's entries (not what they hold) with their kinds, links not followed, and the
    /// folder's stamp taken before they were read (`folderStamp`). Nil when the file system cannot
    /// stamp folders: `walk` lists them then.
    func readFolder(_ path: String) throws -> (entries: [FolderEntry], stamp: SourceStamp)?
}

/// What `FileSystem.linkUnchanged` did.
public enum LinkOutcome: Sendable {
    /// The very file was at the destination already: nothing there was changed.
    case foundThere
    /// The destination was made a link to the file (what was in the way removed, missing
    /// folders made): the folders on its way may have changed.
    case linked
    /// Nothing was linked: the file is not provably the one stamped, or a call failed.
    case failed

    public var succeeded: Bool { self != .failed }
}

/// Links files of one folder unchanged (`FileSystem.linker(for:)`), from any thread.
public protocol UnchangedLinker: Sendable {
    /// `FileSystem.linkUnchanged(path, in: folder, stamp: stamp, to: destination)`.
    func link(_ path: String, stamp: FileStamp, to destination: String) -> LinkOutcome
    /// Lets go of what is open; no `link` may be running or follow.
    func close()
}

/// One `linkUnchanged` call for each file.
struct EachLinkUnchanged: UnchangedLinker {
    let fileSystem: any FileSystem
    let directory: String

    func link(_ path: String, stamp: FileStamp, to destination: String) -> LinkOutcome {
        fileSystem.linkUnchanged(path, in: directory, stamp: stamp, to: destination)
    }

    func close() {}
}

extension FileSystem {
    public func linker(for directory: String, fresh: Bool) -> any UnchangedLinker { EachLinkUnchanged(fileSystem: self, directory: directory) }

    /// A linker for destinations that may be there already.
    public func linker(for directory: String) -> any UnchangedLinker { linker(for: directory, fresh: false) }
}

extension FileSystem {
    /// A file system that cannot keep files open reads the whole file now.
    public func openForReading(_ path: String) throws -> any OpenedFile { MemoryOpenedFile(data: try read(path)) }
    /// A file system that cannot tell has every file read.
    public func sourceStamp(_ path: String) -> SourceStamp? { nil }
    public func sourceStamps(_ names: [String], in folder: String) -> [SourceStamp?] { names.map { sourceStamp(folder + "/" + $0) } }
    public func readStamped(_ path: String) throws -> (bytes: Data, stamp: SourceStamp?) { (try read(path), nil) }
    public func folderStamp(_ path: String) -> SourceStamp? { nil }
    public func folderStamps(_ names: [String], in folder: String) -> [SourceStamp?] { names.map { folderStamp(folder + "/" + $0) } }
    public func readFolder(_ path: String) throws -> (entries: [FolderEntry], stamp: SourceStamp)? { nil }
}

/// Bytes read back by range (`BodyStore`); safe to use from several threads.
public protocol RangeReadable: Sendable {
    func read(_ range: Range<Int>) throws -> Data
}

/// Bytes a build puts aside and reads back (`BodyStore`).
public protocol ScratchFile: RangeReadable {
    /// Adds bytes at the end; returns where they are.
    func append(_ data: Data) throws -> Range<Int>
}

/// A file opened for reading (`FileSystem.openForReading`), kept open as long as this is.
public protocol OpenedFile: RangeReadable {
    /// The whole file, mapped into memory (the mapping goes when the last copy of the `Data` does).
    func mapped() throws -> Data
}

public struct FileEntry: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case file, directory, symlink }
    public var path: String
    public var kind: Kind
}

/// One entry of a folder, by its name there.
public struct FolderEntry: Hashable, Sendable {
    public var name: String
    public var kind: FileEntry.Kind

    public init(name: String, kind: FileEntry.Kind) {
        self.name = name
        self.kind = kind
    }
}

/// What tells one written file from any other file at the same path: rewriting it changes its
/// modification time, replacing it changes its inode.
public struct FileStamp: Hashable, Sendable {
    public var size: Int
    /// Nanoseconds since 1970.
    public var modified: Int64
    public var inode: UInt64

    public init(size: Int, modified: Int64, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.inode = inode
    }
}

/// What tells a source file from the same file changed, as git's index does: any write changes
/// its modification or its status-change time (which no one can set back), replacing it changes
/// its inode, and a copy is another file. A folder's stamp tells the same of its entries: adding,
/// removing or renaming one changes the folder's modification time.
public struct SourceStamp: Hashable, Sendable {
    public var size: Int
    /// Nanoseconds since 1970.
    public var modified: Int64
    public var changed: Int64
    public var inode: UInt64
    public var device: UInt64

    public init(size: Int, modified: Int64, changed: Int64, inode: UInt64, device: UInt64) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
        self.device = device
    }
}

public struct FileSystemError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension FileSystem {
    /// Unknown: callers then never rename from one to the other.
    public func sameVolume(_ first: String, _ second: String) -> Bool { false }

    public func exists(_ path: String) -> Bool { kind(of: path) != nil }
    public func isDirectory(_ path: String) -> Bool { kind(of: path) == .directory }

    /// Where a write to `path` would land: its deepest existing ancestor with every link resolved,
    /// followed by the parts that do not exist yet. A link that leads nowhere counts as missing.
    public func resolvingExistingPart(_ path: String) -> String {
        var existing = path
        var missing: [String] = []
        while true {
            let resolved = resolvingLinks(existing.isEmpty ? "." : existing)
            let found = kind(of: resolved).map { $0 != .symlink } ?? false
            if found || existing == "/" || existing.isEmpty {
                let base = found ? resolved : existing
                return missing.reversed().reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
            }
            missing.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
    }
}
