import Foundation

/// The one seam between Praxis and the disk. The loader reads through it, the writer writes
/// through it, and tests replace it with `InMemoryFileSystem`. Paths are absolute POSIX paths.
public protocol FileSystem: Sendable {
    func read(_ path: String) throws -> Data
    /// Every entry below `directory`, recursively, without following symbolic links,
    /// sorted by path. Missing directory: an empty list.
    func walk(_ directory: String) throws -> [FileEntry]
    func kind(of path: String) -> FileEntry.Kind?
    /// Where a symbolic link finally leads, as an absolute path with every link resolved.
    func resolvingLinks(_ path: String) -> String
    func write(_ data: Data, to path: String) throws
    func createDirectory(_ path: String) throws
    func move(_ source: String, to destination: String) throws
    /// Makes `destination` name the same file as `existing` (a hard link): no bytes are written.
    func link(_ existing: String, to destination: String) throws
    /// Removes a file, a link (never what it points to) or a whole directory.
    func remove(_ path: String) throws
    func list(_ directory: String) throws -> [String]
}

public struct FileEntry: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case file, directory, symlink }
    public var path: String
    public var kind: Kind
}

public struct FileSystemError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension FileSystem {
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
