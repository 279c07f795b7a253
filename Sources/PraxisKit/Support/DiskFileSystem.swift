import Foundation

/// The real disk, through Foundation and POSIX calls that never follow links when they write,
/// link or delete.
public struct DiskFileSystem: FileSystem {
    /// Which devices' files may be stamped without opening them (`LocalVolumes`).
    private let volumes = LocalVolumes()

    public init() {}

    public func read(_ path: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw FileSystemError(path: path, reason: Self.reason(error))
        }
    }

    public func scratchFile(in directory: String) throws -> any ScratchFile {
        try DiskScratchFile(in: directory)
    }

    public func readMapped(_ path: String) throws -> Data {
        guard kind(of: path) == .file else { throw FileSystemError(path: path, reason: "not a regular file") }
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw FileSystemError(path: path, reason: Self.reason(error))
        }
    }

    public func openForReading(_ path: String) throws -> any OpenedFile {
        try DiskOpenedFile(path)
    }

    public func append(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                guard count > 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
                offset += count
            }
        }
    }

    public func walk(_ directory: String) throws -> [FileEntry] {
        guard kind(of: directory) == .directory else { return [] }
        var entries: [FileEntry] = []
        var pending = [directory]
        while let current = pending.popLast() {
            for entry in try Self.entries(of: current).entries {
                let path = current + "/" + entry.name
                entries.append(FileEntry(path: path, kind: entry.kind))
                if entry.kind == .directory { pending.append(path) }
            }
        }
        return entries.sorted { $0.path < $1.path }
    }

    public func folderStamp(_ path: String) -> SourceStamp? {
        var attributes = stat()
        if lstat(path, &attributes) == 0 {
            // Anything but a folder (a link, say) has no stamp; statfs of a link would follow it.
            guard attributes.st_mode & S_IFMT == S_IFDIR else { return nil }
            if volumes.trustsAttributes(of: attributes.st_dev, at: path) { return Self.sourceStamp(attributes) }
        }
        let descriptor = Self.openFolder(path)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return Self.sourceStamp(info)
    }

    public func folderStamps(_ names: [String], in folder: String) -> [SourceStamp?] {
        guard !names.isEmpty else { return [] }
        // One component to look up for each folder instead of every component of its path.
        let descriptor = Self.openFolder(folder)
        guard descriptor >= 0 else { return names.map { folderStamp(folder + "/" + $0) } }
        defer { close(descriptor) }
        var own = stat()
        guard fstat(descriptor, &own) == 0 else { return names.map { folderStamp(folder + "/" + $0) } }
        return names.map { name in
            var attributes = stat()
            guard fstatat(descriptor, name, &attributes, AT_SYMLINK_NOFOLLOW) == 0, attributes.st_mode & S_IFMT == S_IFDIR else { return nil }
            // A folder on another volume than `folder` (mounted there) is asked about on its own.
            let trusted = volumes.trustsAttributes(of: attributes.st_dev, at: attributes.st_dev == own.st_dev ? folder : folder + "/" + name)
            return trusted ? Self.sourceStamp(attributes) : folderStamp(folder + "/" + name)
        }
    }

    public func readFolder(_ path: String) throws -> (entries: [FolderEntry], stamp: SourceStamp)? {
        try Self.entries(of: path)
    }

    /// `d_type` values, the same on Linux and the BSDs (<dirent.h>).
    private static let typeUnknown: UInt8 = 0, typeDirectory: UInt8 = 4, typeLink: UInt8 = 10

    public func kind(of path: String) -> FileEntry.Kind? { Self.kind(at: path) }

    private static func kind(at path: String) -> FileEntry.Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return .symlink
        case S_IFDIR: return .directory
        default: return .file
        }
    }

    public func resolvingLinks(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    @discardableResult public func write(_ data: Data, to path: String) throws -> FileStamp {
        // Most folders exist already: try first, create the folder only when the write says it is missing.
        var written = Self.writeFile(data, to: path)
        if written.failure == ENOENT {
            try createDirectory(path.parentPath)
            written = Self.writeFile(data, to: path)
        }
        guard let stamp = written.stamp else { throw FileSystemError(path: path, reason: String(cString: strerror(written.failure))) }
        return stamp
    }

    /// One file written with POSIX calls (Foundation's `Data.write` costs several extra system calls
    /// per file). Always a new file: whatever is at `path` (a file, possibly hard-linked into the
    /// live site, or a link) is unlinked first, never written into or followed. The stamp comes from
    /// the open file, so it is that of the file written, whatever happens at `path` afterwards.
    private static func writeFile(_ data: Data, to path: String) -> (stamp: FileStamp?, failure: Int32) {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0, errno == EEXIST {
            guard unlink(path) == 0 else { return (nil, errno) }
            descriptor = open(path, flags, 0o644)
        }
        guard descriptor >= 0 else { return (nil, errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let count = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += count
            }
        }
        var info = stat()
        if failure == 0, fstat(descriptor, &info) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        return failure == 0 ? (stamp(info), 0) : (nil, failure)
    }

    public func linkUnchanged(_ path: String, in directory: String, stamp: FileStamp, to destination: String) -> LinkOutcome {
        if Self.isThere(stamp, destination) { return .foundThere }
        // Each folder on the way is opened relative to the one before with O_NOFOLLOW, so a link
        // planted anywhere inside `directory` stops the walk instead of leading out of it.
        let top = Self.openFolder(directory)
        guard top >= 0 else { return .failed }
        defer { close(top) }
        return link(path, below: top, stamp: stamp, to: destination) ? .linked : .failed
    }

    public func linker(for directory: String, fresh: Bool) -> any UnchangedLinker { DiskLinker(fileSystem: self, directory: directory, fresh: fresh) }

    /// A site kept from an earlier build (`OutputSession`) mostly has the very file at
    /// `destination` already, unchanged since it was stamped: then there is nothing to look up
    /// and nothing to link (one call instead of one per folder on the way).
    fileprivate static func isThere(_ stamp: FileStamp, _ destination: String) -> Bool {
        var there = stat()
        return lstat(destination, &there) == 0 && there.st_mode & S_IFMT == S_IFREG && Self.stamp(there) == stamp
    }

    /// `linkUnchanged` of `path`, relative to the folder open as `top`; `linker`, when given,
    /// holds `path`'s first folder open (`DiskLinker.folder(named:in:)`). `place`, when given, is
    /// `destination` as a path relative to an open folder (`DiskLinker.place`).
    fileprivate func link(_ path: String, below top: Int32, via linker: DiskLinker? = nil,
                          stamp: FileStamp, to destination: String, at place: DiskLinker.Place? = nil) -> Bool {
        var components = path.pathParts
        guard !components.contains(where: { $0 == ".." || $0 == "." }), let name = components.popLast() else { return false }
        var folder = top, owned = false
        defer { if owned { close(folder) } }
        for (number, component) in components.enumerated() {
            if number == 0, let linker {
                folder = linker.folder(named: component, in: top)
                guard folder >= 0 else { return false }
                continue
            }
            let next = openat(folder, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return false }
            if owned { close(folder) }
            (folder, owned) = (next, true)
        }
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG,
              Self.stamp(info) == stamp else { return false }
        // Through the whole path when the held folder is no longer there (`DiskLinker.place`).
        if let place, Self.link(name, in: folder, info, to: place) { return true }
        // linkat without AT_SYMLINK_FOLLOW links the entry itself, never what it names.
        if linkat(folder, name, AT_FDCWD, destination, 0) == 0 { return true }
        switch errno {
        case EEXIST:
            // A site kept from an earlier build (`OutputSession`): often the very file already.
            var there = stat()
            if lstat(destination, &there) == 0, there.st_ino == info.st_ino, there.st_dev == info.st_dev { return true }
            guard unlink(destination) == 0 || errno == ENOENT else { return false }
        case ENOENT:
            guard (try? createDirectory(destination.parentPath)) != nil else { return false }
        default:
            return false
        }
        return linkat(folder, name, AT_FDCWD, destination, 0) == 0
    }

    /// The end of `link`, to a destination relative to an open folder: the file `name` in
    /// `folder`, found as `info`, linked at `place`, with the folders on the way made when missing.
    private static func link(_ name: String, in folder: Int32, _ info: stat, to place: DiskLinker.Place) -> Bool {
        // In a fresh staging folder a page's folder is most often new: made first, not after a failed link.
        if place.isFresh, strchr(place.path, Int32(UInt8(ascii: "/"))) != nil, !makeFolders(below: place.folder, toHold: place.path) { return false }
        if linkat(folder, name, place.folder, place.path, 0) == 0 { return true }
        switch errno {
        case EEXIST:
            var there = stat()
            if fstatat(place.folder, place.path, &there, AT_SYMLINK_NOFOLLOW) == 0, there.st_ino == info.st_ino, there.st_dev == info.st_dev { return true }
            guard unlinkat(place.folder, place.path, 0) == 0 || errno == ENOENT else { return false }
        case ENOENT:
            guard makeFolders(below: place.folder, toHold: place.path) else { return false }
        default:
            return false
        }
        return linkat(folder, name, place.folder, place.path, 0) == 0
    }

    /// Makes the folders of `path` (relative to the folder open as `top`, its last name a file's)
    /// that are missing; false when one cannot be made. (A file where a folder should be is left
    /// for the link that follows to fail on.)
    private static func makeFolders(below top: Int32, toHold path: UnsafePointer<CChar>) -> Bool {
        var bytes = Array(UnsafeBufferPointer(start: path, count: strlen(path) + 1))
        let slashes = bytes.indices.filter { bytes[$0] == CChar(UInt8(ascii: "/")) }
        // Most often only the last folder is missing: that one first, then each from the top.
        for (number, slash) in ([slashes.last].compactMap { $0 } + slashes).enumerated() {
            bytes[slash] = 0
            defer { bytes[slash] = CChar(UInt8(ascii: "/")) }
            if mkdirat(top, bytes, 0o755) == 0 || errno == EEXIST {
                if number == 0 { return true }
                continue
            }
            guard number == 0, errno == ENOENT else { return false }
        }
        return true
    }

    /// A descriptor for the folder `name` in the folder open as `folder`, never through a link; negative on failure.
    fileprivate static func openFolder(_ name: String, in folder: Int32) -> Int32 {
        openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    }

    public func sameVolume(_ first: String, _ second: String) -> Bool {
        guard let one = Self.device(first), let other = Self.device(second) else { return false }
        return one == other
    }

    /// The device of `path`, or of its deepest existing ancestor.
    private static func device(_ path: String) -> dev_t? {
        var current = path
        var info = stat()
        while lstat(current, &info) != 0 {
            guard errno == ENOENT, current != "/", !current.isEmpty else { return nil }
            current = (current as NSString).deletingLastPathComponent
        }
        return info.st_dev
    }

    public func createDirectory(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        var failure = errno
        if failure == ENOENT, path != "/", !path.isEmpty {
            try createDirectory(path.parentPath)
            if mkdir(path, 0o755) == 0 { return }
            failure = errno
        }
        if failure == EEXIST, kind(of: path) == .directory { return }
        throw FileSystemError(path: path, reason: String(cString: strerror(failure)))
    }

    public func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw FileSystemError(path: source, reason: String(cString: strerror(errno)))
        }
    }

    public func exchange(_ first: String, _ second: String) throws -> Bool {
        #if os(Linux)
        guard let renameat2 = Self.renameat2 else { return false }
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, Self.renameExchange) == 0 { return true }
        #elseif canImport(Darwin)
        if renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 { return true }
        #else
        return false
        #endif
        let failure = errno
        // An old kernel, or a file system that cannot exchange (EINVAL): the caller falls back.
        if [ENOSYS, EINVAL, ENOTSUP, EOPNOTSUPP].contains(failure) { return false }
        throw FileSystemError(path: second, reason: String(cString: strerror(failure)))
    }

    public func remove(_ path: String) throws {
        guard let kind = kind(of: path) else { return }
        if kind == .directory {
            // Deleting a whole site is thousands of unlinks, kernel work that two cores share well.
            let names = try list(path)
            let failures = ConcurrentResults<Error?>(count: names.count)
            DispatchQueue.concurrentPerform(iterations: names.count) { number in
                do { try removeSerially(path + "/" + names[number]); failures[number] = .some(nil) } catch { failures[number] = error }
            }
            if let failure = failures.takeAll().lazy.compactMap({ $0 }).first { throw failure }
            guard rmdir(path) == 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        } else {
            guard unlink(path) == 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    private func removeSerially(_ path: String) throws {
        guard let kind = kind(of: path) else { return }
        if kind == .directory {
            for name in try list(path) { try removeSerially(path + "/" + name) }
            guard rmdir(path) == 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        } else {
            guard unlink(path) == 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    /// Names in a directory. A name that is not valid UTF-8 comes back with U+FFFD in it, so the
    /// loader can report it instead of skipping it unseen.
    public func list(_ directory: String) throws -> [String] {
        try Self.entries(of: directory).entries.map(\.name).sorted()
    }

    /// A descriptor for the folder at `path` itself, never through a link; negative on failure.
    fileprivate static func openFolder(_ path: String) -> Int32 {
        open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    }

    /// One folder's entries, never through a link, with the folder's stamp taken before anything
    /// is read. Each entry's kind is the folder's own record of it where the file system keeps
    /// one (no `lstat` per file).
    private static func entries(of directory: String) throws -> (entries: [FolderEntry], stamp: SourceStamp) {
        let descriptor = openFolder(directory)
        guard descriptor >= 0 else { throw FileSystemError(path: directory, reason: String(cString: strerror(errno))) }
        var info = stat()
        let handle = fstat(descriptor, &info) == 0 ? fdopendir(descriptor) : nil
        guard let handle else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw FileSystemError(path: directory, reason: reason)
        }
        defer { closedir(handle) }
        var entries: [FolderEntry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            let known: FileEntry.Kind? = switch entry.pointee.d_type {
            case typeDirectory: .directory
            case typeLink: .symlink
            case typeUnknown: nil
            default: .file
            }
            // A name that is not UTF-8 cannot be looked up again by its decoded spelling: a file.
            guard let kind = known ?? kind(at: directory + "/" + name) ?? (name.containsBytes("\u{FFFD}") ? .file : nil) else { continue }
            entries.append(FolderEntry(name: name, kind: kind))
        }
        return (entries, sourceStamp(info))
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }

    /// On a local file system, from `lstat` (one call, where opening costs three); a link, or a
    /// file on a network file system, from the open file, so that the stamp is that of the file a
    /// read would get (on NFS, opening also checks the server instead of trusting cached attributes).
    public func sourceStamp(_ path: String) -> SourceStamp? {
        var attributes = stat()
        if lstat(path, &attributes) == 0, attributes.st_mode & S_IFMT == S_IFREG, volumes.trustsAttributes(of: attributes.st_dev, at: path) {
            return Self.sourceStamp(attributes)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Self.sourceStamp(info)
    }

    public func sourceStamps(_ names: [String], in folder: String) -> [SourceStamp?] {
        // One component to look up for each file instead of every component of its path; for a
        // file or two (a bundle's folder), opening the folder would cost more than it saves.
        guard names.count > 2 else { return names.map { sourceStamp(folder + "/" + $0) } }
        let descriptor = Self.openFolder(folder)
        guard descriptor >= 0 else { return names.map { sourceStamp(folder + "/" + $0) } }
        defer { close(descriptor) }
        var own = stat()
        let trusted = fstat(descriptor, &own) == 0 && volumes.trustsAttributes(of: own.st_dev, at: folder)
        return names.map { name in
            var attributes = stat()
            // Anything else (a link, a file on another volume) is asked about by its whole path.
            guard trusted, fstatat(descriptor, name, &attributes, AT_SYMLINK_NOFOLLOW) == 0, attributes.st_mode & S_IFMT == S_IFREG,
                  attributes.st_dev == own.st_dev else { return sourceStamp(folder + "/" + name) }
            return Self.sourceStamp(attributes)
        }
    }

    /// Stamped and read through one descriptor: the bytes are those of the very file stamped, and
    /// anything done to it during the read changes its next stamp. Only a regular file is read (a
    /// FIFO in a document's place is refused, not waited on).
    public func readStamped(_ path: String) throws -> (bytes: Data, stamp: SourceStamp?) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileSystemError(path: path, reason: "not a regular file") }
        // To the end, however long the file is by then (one byte more than its size, to see the end at once).
        var bytes = Data(count: max(Int(info.st_size), 0) + 1)
        var done = 0
        while true {
            if done == bytes.count { bytes.count *= 2 }
            let count = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + done, $0.count - done) }
            guard count >= 0 else {
                if errno == EINTR { continue }
                throw FileSystemError(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            done += count
        }
        bytes.count = done
        return (bytes, Self.sourceStamp(info))
    }

    static func sourceStamp(_ info: stat) -> SourceStamp {
        #if canImport(Darwin)
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
        #else
        let (modified, changed) = (info.st_mtim, info.st_ctim)
        #endif
        func nanoseconds(_ time: timespec) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }
        return SourceStamp(size: Int(info.st_size), modified: nanoseconds(modified), changed: nanoseconds(changed),
                           inode: UInt64(truncatingIfNeeded: info.st_ino), device: UInt64(truncatingIfNeeded: info.st_dev))
    }

    static func stamp(_ info: stat) -> FileStamp {
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return FileStamp(size: Int(info.st_size), modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
                         inode: UInt64(info.st_ino))
    }

    #if os(Linux)
    /// glibc has `renameat2` since 2.28, but Swift's Glibc module does not import it; looked up once.
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }
    private static let renameExchange: UInt32 = 1 << 1   // RENAME_EXCHANGE, <linux/fs.h>
    #endif
}

/// A scratch file on disk: named only for the instant between creating and unlinking it, so
/// nothing is left behind even when the process is killed; read and written at offsets.
final class DiskScratchFile: ScratchFile, @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var size = 0

    init(in directory: String) throws {
        let path = directory + "/.praxis-scratch-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        unlink(path)
    }

    deinit { close(descriptor) }

    func append(_ data: Data) throws -> Range<Int> {
        let start = lock.withLock {
            defer { size += data.count }
            return size
        }
        try data.withUnsafeBytes { bytes in
            var done = 0
            while done < bytes.count {
                let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(start + done))
                guard count > 0 else { throw FileSystemError(path: "scratch file", reason: String(cString: strerror(errno))) }
                done += count
            }
        }
        return start..<start + data.count
    }

    func read(_ range: Range<Int>) throws -> Data { try readAll(descriptor, range, what: "scratch file") }
}

/// A file opened for reading, never through a link, closed when this goes.
final class DiskOpenedFile: OpenedFile, @unchecked Sendable {
    private let descriptor: Int32
    private let path: String
    private let size: Int

    init(_ path: String) throws {
        self.path = path
        // Non-blocking, so that a FIFO put in the file's place is refused below, not waited on.
        descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw FileSystemError(path: path, reason: String(cString: strerror(errno))) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw FileSystemError(path: path, reason: "not a regular file")
        }
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    func mapped() throws -> Data {
        guard size > 0 else { return Data() }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw FileSystemError(path: path, reason: String(cString: strerror(errno)))
        }
        let size = self.size
        return Data(bytesNoCopy: address, count: size, deallocator: .custom { address, _ in munmap(address, size) })
    }

    func read(_ range: Range<Int>) throws -> Data { try readAll(descriptor, range, what: path) }
}

/// The bytes at `range` of an open file, however many reads that takes.
private func readAll(_ descriptor: Int32, _ range: Range<Int>, what: String) throws -> Data {
    var data = Data(count: range.count)
    try data.withUnsafeMutableBytes { bytes in
        var done = 0
        while done < bytes.count {
            let count = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(range.lowerBound + done))
            guard count > 0 else { throw FileSystemError(path: what, reason: count == 0 ? "read beyond the end" : String(cString: strerror(errno))) }
            done += count
        }
    }
    return data
}

/// Whether the file system a device holds keeps its files' attributes itself (a local disk, a
/// memory file system) or may answer `stat` from a cache of a server's (NFS, SMB, FUSE and the
/// like), where only opening a file checks them again. Asked once per device: a site's folders
/// are on one or two.
final class LocalVolumes: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [UInt64: Bool] = [:]

    func trustsAttributes(of device: dev_t, at path: String) -> Bool {
        let device = UInt64(truncatingIfNeeded: device)
        if let local = lock.withLock({ known[device] }) { return local }
        let local = Self.isLocal(path)
        lock.withLock { known[device] = local }
        return local
    }

    private static func isLocal(_ path: String) -> Bool {
        #if canImport(Darwin)
        var info = statfs()
        guard statfs(path, &info) == 0 else { return false }
        return info.f_flags & UInt32(MNT_LOCAL) != 0
        #else
        // Swift's Glibc module does not import statfs(2); looked up once. Its struct begins with
        // the file system's magic number, a `long` on the 64-bit systems Swift runs on.
        guard let statfs = Self.statfs else { return false }
        var buffer = [Int64](repeating: 0, count: 64)
        guard buffer.withUnsafeMutableBytes({ statfs(path, $0.baseAddress!) }) == 0 else { return false }
        // ext2–4, tmpfs, XFS, Btrfs, overlayfs, ZFS, F2FS, ramfs, bcachefs (statfs(2)'s magic numbers).
        let local: Set<Int64> = [0xEF53, 0x0102_1994, 0x5846_5342, 0x9123_683E, 0x794C_7630, 0x2FC1_2FC1, 0xF2F5_2010, 0x8584_58F6, 0xCA45_1A4E]
        return local.contains(buffer[0])
        #endif
    }

    #if !canImport(Darwin)
    private typealias StatFS = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
    private static let statfs: StatFS? = dlsym(nil, "statfs").map { unsafeBitCast($0, to: StatFS.self) }
    #endif
}

/// `linkUnchanged` for the many files of one folder (an output folder's, for `OutputSession`):
/// the folder and each folder directly in it are opened once (never through a link), and stay
/// open until `close()`, instead of being opened and closed again for every file. A page
/// `practices/a/index.html` then takes four calls instead of eight, a search file two.
final class DiskLinker: UnchangedLinker, @unchecked Sendable {
    private let fileSystem: DiskFileSystem
    private let directory: String
    private let lock = NSLock()
    private var top: Int32?
    /// The folders directly in `directory`, by their names.
    private var folders = HeldFolders()
    /// The destinations' first folders (`staging/practices` for `staging/practices/a/index.html`),
    /// by their paths.
    private var destinationFolders = HeldFolders()
    private var closed = false
    /// The destinations are in a folder made anew (`FileSystem.linker(for:fresh:)`).
    private let fresh: Bool

    init(fileSystem: DiskFileSystem, directory: String, fresh: Bool = false) {
        self.fileSystem = fileSystem
        self.directory = directory
        self.fresh = fresh
    }

    deinit { close() }

    /// A destination as the rest of its path (`path` less its first folder) below that first
    /// folder of the destination, held open.
    struct Place {
        let folder: Int32
        let path: UnsafePointer<CChar>
        /// In a fresh staging folder (`fresh`).
        let isFresh: Bool
    }

    func link(_ path: String, stamp: FileStamp, to destination: String) -> LinkOutcome {
        destination.withCString { target in
            path.withCString { relative in
                let place = place(of: relative, in: target)
                if !fresh {
                    if let place {
                        if isThere(place, stamp) { return .foundThere }
                    } else if DiskFileSystem.isThere(stamp, destination) {
                        return .foundThere
                    }
                }
                guard let top = lock.withLock({ () -> Int32? in
                    guard !closed else { return nil }
                    if top == nil { top = DiskFileSystem.openFolder(directory) }
                    return top
                }), top >= 0 else { return .failed }
                // A destination folder not there yet is made through the whole path, then held.
                let linked = fileSystem.link(path, below: top, via: self, stamp: stamp, to: destination, at: place.flatMap { $0.folder >= 0 ? $0 : nil })
                return linked ? .linked : .failed
            }
        }
    }

    /// The descriptor of the folder named `name` in `top`, opened the first time it is asked for;
    /// negative when it cannot be.
    fileprivate func folder(named name: String, in top: Int32) -> Int32 {
        var name = name
        return name.withUTF8 { bytes in
            lock.withLock { closed ? -1 : folders.descriptor(for: UnsafeRawBufferPointer(bytes)) { DiskFileSystem.openFolder($0, in: top) } }
        }
    }

    /// `destination` (which ends with `relative`, a path with a folder) as a `Place`, with a
    /// negative descriptor when the destination's first folder is not there (yet); nil for any
    /// other destination. The descriptor is the very folder found there when
    /// it was opened: a folder put in its place since (the session's `clearWay` removes one in
    /// the way of a file) is another one, and what the descriptor finds there is not this
    /// destination, but nothing at all.
    private func place(of relative: UnsafePointer<CChar>, in target: UnsafePointer<CChar>) -> Place? {
        let targetCount = strlen(target), relativeCount = strlen(relative)
        guard let slash = UnsafeRawBufferPointer(start: relative, count: relativeCount).firstIndex(of: UInt8(ascii: "/")),
              targetCount > relativeCount, target[targetCount - relativeCount - 1] == CChar(UInt8(ascii: "/")),
              memcmp(target + (targetCount - relativeCount), relative, relativeCount) == 0 else { return nil }
        return Place(folder: destinationFolder(UnsafeRawBufferPointer(start: target, count: targetCount - relativeCount + slash)),
                     path: relative + slash + 1, isFresh: fresh)
    }

    /// `DiskFileSystem.isThere` for a `Place`: an `fstatat` of the rest of the path through the
    /// destination's first folder held open, instead of a look-up of every folder from `/`.
    private func isThere(_ place: Place, _ stamp: FileStamp) -> Bool {
        var info = stat()
        return place.folder >= 0 && fstatat(place.folder, place.path, &info, AT_SYMLINK_NOFOLLOW) == 0
            && info.st_mode & S_IFMT == S_IFREG && DiskFileSystem.stamp(info) == stamp
    }

    /// The folder at `path` (bytes), never through a link, opened the first time it is there to
    /// open; negative when it is not.
    private func destinationFolder(_ path: UnsafeRawBufferPointer) -> Int32 {
        lock.withLock { closed ? -1 : destinationFolders.descriptor(for: path) { DiskFileSystem.openFolder($0) } }
    }

    func close() {
        lock.withLock {
            closed = true
            folders.closeAll()
            destinationFolders.closeAll()
            if let top, top >= 0 { Foundation.close(top) }
            top = nil
        }
    }
}

/// Folders held open by the bytes of their names or paths: two spellings of one name (`é`
/// composed and decomposed) are one `String` but two folders. A site has a few first folders (its
/// kinds, taxonomies, `search`), so they are looked through one by one, with no copy of the name.
private struct HeldFolders {
    private var held: [(bytes: [UInt8], descriptor: Int32)] = []

    /// The folder `bytes` names, opened by `open` the first time it is there to open; negative
    /// when it is not.
    mutating func descriptor(for bytes: UnsafeRawBufferPointer, open: (String) -> Int32) -> Int32 {
        for known in held where known.bytes.count == bytes.count
            && known.bytes.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 { return known.descriptor }
        let copy = Array(bytes)
        let opened = open(String(decoding: copy, as: UTF8.self))
        if opened >= 0 { held.append((copy, opened)) }
        return opened
    }

    mutating func closeAll() {
        for known in held { close(known.descriptor) }
        held = []
    }
}
