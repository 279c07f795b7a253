import Foundation

/// A file system held in memory, for tests: files only, directories implied by their paths.
/// Each write stamps its file with a new serial number, as a disk gives a rewritten file a new
/// modification time; a hard link shares its file's stamp.
public final class InMemoryFileSystem: FileSystem, @unchecked Sendable {
    private var files: [String: Data]
    private var stamps: [String: FileStamp] = [:]
    private var serial: Int64 = 0
    private let lock = NSLock()

    public init(files: [String: Data] = [:]) {
        self.files = files
        for (path, data) in files { stamps[path] = nextStamp(data) }
    }

    /// All files, for assertions.
    public var snapshot: [String: Data] { lock.withLock { files } }

    public func read(_ path: String) throws -> Data {
        guard let data = lock.withLock({ files[path] }) else {
            throw FileSystemError(path: path, reason: "No such file or directory")
        }
        return data
    }

    public func readMapped(_ path: String) throws -> Data { try read(path) }

    public func scratchFile(in directory: String) throws -> any ScratchFile { MemoryScratchFile() }

    public func append(_ data: Data, to path: String) throws {
        lock.withLock {
            files[path, default: Data()].append(data)
            stamps[path] = nextStamp(files[path]!)
        }
    }

    public func walk(_ directory: String) throws -> [FileEntry] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var seen = Set<String>()
        var entries: [FileEntry] = []
        for path in lock.withLock({ Array(files.keys) }) where path.hasPrefix(prefix) {
            entries.append(FileEntry(path: path, kind: .file))
            var parent = path.parentPath
            while parent.count > prefix.count - 1, parent + "/" != prefix, seen.insert(parent).inserted {
                entries.append(FileEntry(path: parent, kind: .directory))
                parent = parent.parentPath
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

    @discardableResult public func write(_ data: Data, to path: String) throws -> FileStamp {
        lock.withLock {
            files[path] = data
            let stamp = nextStamp(data)
            stamps[path] = stamp
            return stamp
        }
    }

    public func createDirectory(_ path: String) throws {}

    public func move(_ source: String, to destination: String) throws {
        lock.withLock { rename(source, to: destination) }
    }

    /// Always possible in memory: both moves happen under one lock.
    public func exchange(_ first: String, _ second: String) throws -> Bool {
        lock.withLock {
            let aside = first + "\u{0}exchange"
            rename(first, to: aside)
            rename(second, to: first)
            rename(aside, to: second)
        }
        return true
    }

    public func linkUnchanged(_ path: String, in directory: String, stamp: FileStamp, to destination: String) -> LinkOutcome {
        lock.withLock {
            if files[destination] != nil, stamps[destination] == stamp { return .foundThere }
            let existing = directory + "/" + path
            guard let data = files[existing], stamps[existing] == stamp else { return .failed }
            files[destination] = data
            stamps[destination] = stamp
            return .linked
        }
    }

    public func remove(_ path: String) throws {
        lock.withLock {
            let prefix = path + "/"
            files = files.filter { $0.key != path && !$0.key.hasPrefix(prefix) }
            stamps = stamps.filter { $0.key != path && !$0.key.hasPrefix(prefix) }
        }
    }

    public func list(_ directory: String) throws -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let names = lock.withLock {
            files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)).pathParts[0] }
        }
        return Set(names).sorted()
    }
}

private extension InMemoryFileSystem {
    /// Called with the lock held.
    func nextStamp(_ data: Data) -> FileStamp {
        serial += 1
        return FileStamp(size: data.count, modified: serial, inode: UInt64(serial))
    }

    /// Moves a file or a whole folder; called with the lock held.
    func rename(_ source: String, to destination: String) {
        let prefix = source + "/"
        for (path, data) in files where path == source || path.hasPrefix(prefix) {
            let moved = destination + path.dropFirst(source.count)
            files[path] = nil
            files[moved] = data
            stamps[moved] = stamps.removeValue(forKey: path)
        }
    }
}

/// A scratch file in memory, for tests.
final class MemoryScratchFile: ScratchFile, @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    func append(_ data: Data) throws -> Range<Int> {
        lock.withLock {
            let start = bytes.count
            bytes.append(data)
            return start..<bytes.count
        }
    }

    func read(_ range: Range<Int>) throws -> Data {
        try lock.withLock {
            guard range.lowerBound >= 0, range.upperBound <= bytes.count else { throw FileSystemError(path: "scratch", reason: "read beyond the end") }
            return bytes.subdata(in: range)
        }
    }
}

/// A file as it was when it was opened.
public struct MemoryOpenedFile: OpenedFile {
    let data: Data

    public init(data: Data) { self.data = data }

    public func mapped() throws -> Data { data }

    public func read(_ range: Range<Int>) throws -> Data {
        guard range.lowerBound >= 0, range.upperBound <= data.count else { throw FileSystemError(path: "opened file", reason: "read beyond the end") }
        return data.subdata(in: range)
    }
}
