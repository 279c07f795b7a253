import Foundation

/// A file system held in memory, for tests: files only, directories implied by their paths.
public final class InMemoryFileSystem: FileSystem, @unchecked Sendable {
    private var files: [String: Data]
    private let lock = NSLock()

    public init(files: [String: Data] = [:]) { self.files = files }

    /// All files, for assertions.
    public var snapshot: [String: Data] { lock.withLock { files } }

    public func read(_ path: String) throws -> Data {
        guard let data = lock.withLock({ files[path] }) else {
            throw FileSystemError(path: path, reason: "No such file or directory")
        }
        return data
    }

    public func walk(_ directory: String) throws -> [FileEntry] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var seen = Set<String>()
        var entries: [FileEntry] = []
        for path in lock.withLock({ Array(files.keys) }) where path.hasPrefix(prefix) {
            entries.append(FileEntry(path: path, kind: .file))
            var parent = (path as NSString).deletingLastPathComponent
            while parent.count > prefix.count - 1, parent + "/" != prefix, seen.insert(parent).inserted {
                entries.append(FileEntry(path: parent, kind: .directory))
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        return entries.sorted { $0.path < $1.path }
    }

    public func kind(of path: String) -> FileEntry.Kind? {
        lock.withLock {
            if files[path] != nil { return .file }
            let prefix = path.hasSuffix("/") ? path : path + "/"
            return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : nil
        }
    }

    public func resolvingLinks(_ path: String) -> String { path }

    public func write(_ data: Data, to path: String) throws { lock.withLock { files[path] = data } }

    public func createDirectory(_ path: String) throws {}

    public func move(_ source: String, to destination: String) throws {
        lock.withLock {
            let prefix = source + "/"
            for (path, data) in files where path == source || path.hasPrefix(prefix) {
                files[path] = nil
                files[destination + path.dropFirst(source.count)] = data
            }
        }
    }

    public func link(_ existing: String, to destination: String) throws {
        try lock.withLock {
            guard let data = files[existing] else { throw FileSystemError(path: existing, reason: "No such file or directory") }
            files[destination] = data
        }
    }

    public func remove(_ path: String) throws {
        lock.withLock {
            let prefix = path + "/"
            files = files.filter { $0.key != path && !$0.key.hasPrefix(prefix) }
        }
    }

    public func list(_ directory: String) throws -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let names = lock.withLock {
            files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count).split(separator: "/")[0]) }
        }
        return Set(names).sorted()
    }
}
