import Foundation

/// One stage's results from the last build, stored by key in a file of the build cache:
///
///     "praxis-memo 1\n"  fingerprint (16 bytes)  { key (16 bytes)  length  value (length bytes) }…
///
/// The fingerprint names everything the results depend on besides their keys (the Praxis binary,
/// site.yml, the theme); a file with another fingerprint is ignored. Values are decoded only when
/// asked for, from a file the disk maps into memory. A damaged file is ignored, never trusted.
/// A key stored twice means its last value (`MemoWriter` appends).
///
/// Beside it, `<memo>.toc` lists where each key's value is, for the memo as its writer left it:
///
///     "praxis-toc 1\n"  fingerprint  memo size  count  { key  start  length }…
///
/// so that opening a memo reads a few hundred kilobytes instead of touching every entry of a
/// file of a hundred megabytes (`documents.memo` at 10,000 documents: 20 ms of a rebuild, most of
/// it page faults). The list is a hint, never trusted: it is used only for a memo of the size it
/// names, each place it gives must hold that very key and length (`entry(_:at:)`), and a memo
/// without one, or whose list does not read back whole, is read entry by entry as before.
struct MemoFile: Sendable {
    fileprivate let data: Data
    /// The file `data` maps, kept open for `BinaryReader.readStored`.
    private let file: (any RangeReadable)?
    fileprivate let entries: [ContentHash: Range<Int>]
    /// Where the memo was read from, and for what; nil for an empty memo.
    fileprivate let path: String?
    fileprivate let fingerprint: ContentHash?

    static let magic = Array("praxis-memo 1\n".utf8)
    static let contentsMagic = Array("praxis-toc 1\n".utf8)
    static let headerCount = magic.count + 16

    /// Where the table of contents of the memo at `path` is.
    static func contentsPath(_ path: String) -> String { path + ".toc" }

    /// An empty memo: every lookup misses.
    init() {
        data = Data()
        file = nil
        entries = [:]
        path = nil
        fingerprint = nil
    }

    /// The memo at `path`, or an empty one when it is missing, damaged or made for another fingerprint.
    init(path: String, fingerprint: ContentHash, fileSystem: any FileSystem) {
        guard fileSystem.kind(of: path) == .file, let file = try? fileSystem.openForReading(path), let data = try? file.mapped(),
              Self.hasHeader(data, fingerprint: fingerprint),
              let entries = Self.listed(in: try? fileSystem.read(Self.contentsPath(path)), for: data, fingerprint: fingerprint)
                ?? (try? Self.index(data, fingerprint: fingerprint)) else {
            self.init()
            return
        }
        self.init(data: data, file: file, entries: entries, path: path, fingerprint: fingerprint)
    }

    private init(data: Data, file: any RangeReadable, entries: [ContentHash: Range<Int>], path: String, fingerprint: ContentHash) {
        self.data = data
        self.file = file
        self.entries = entries
        self.path = path
        self.fingerprint = fingerprint
    }

    var count: Int { entries.count }

    /// Whether a value is stored for `key` (it may still not read back whole).
    func contains(_ key: ContentHash) -> Bool { entries[key] != nil }

    /// The value for `key`: the stored one when it can be read (kept for the next build by
    /// `next`), otherwise `make()`'s, written to `next`. Either way the next build finds it there.
    func value<T>(for key: ContentHash, next: MemoWriter?, decode: (inout BinaryReader) throws -> T,
                  encode: (T, inout BinaryWriter) -> Void, make: () -> T) -> T {
        if let stored = stored(for: key, decode: decode) {
            next?.keep(key)
            return stored
        }
        let made = make()
        next?.add(key) { encode(made, &$0) }
        return made
    }

    /// The stored value for `key`, if there is one and it reads back whole.
    func stored<T>(for key: ContentHash, decode: (inout BinaryReader) throws -> T) -> T? {
        guard let range = entries[key] else { return nil }
        return data.withUnsafeBytes { bytes in
            guard Self.entry(key, at: range, in: bytes) else { return nil }
            var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[range]), in: file, at: range.lowerBound)
            guard let value = try? decode(&reader), reader.isAtEnd else { return nil }
            return value
        }
    }

    func stored<T: BinaryCodable>(for key: ContentHash) -> T? { stored(for: key) { try T(from: &$0) } }

    /// The value `MemoWriter.addSealed` stored for `key`, read by `read`, if its bytes still have
    /// the hash they were written with.
    func sealed<T>(for key: ContentHash, _ read: (inout BinaryReader) throws -> T) -> T? {
        stored(for: key) { reader in
            let hash = try reader.read(ContentHash.self)
            let bytes = try reader.readRaw(reader.remaining)
            guard ContentHash.bulk(bytes) == hash else { throw BinaryReader.Damaged() }
            var part = BinaryReader(bytes)
            let value = try read(&part)
            guard part.isAtEnd else { throw BinaryReader.Damaged() }
            return value
        }
    }

    func value<T: BinaryCodable>(for key: ContentHash, next: MemoWriter?, make: () -> T) -> T {
        value(for: key, next: next, decode: { try T(from: &$0) }, encode: { $0.write(to: &$1) }, make: make)
    }

    private static func hasHeader(_ data: Data, fingerprint: ContentHash) -> Bool {
        data.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            return (try? Array(reader.readRaw(magic.count))) == magic && (try? reader.read(ContentHash.self)) == fingerprint
        }
    }

    /// Every entry, found by reading the memo from the start.
    private static func index(_ data: Data, fingerprint: ContentHash) throws -> [ContentHash: Range<Int>] {
        try data.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes, offset: headerCount)
            // Listed first and then put in a table made at its size: growing a table of ten
            // thousand keys as they come moved every key again several times.
            var listed: [(key: ContentHash, range: Range<Int>)] = []
            while !reader.isAtEnd {
                let key = try reader.read(ContentHash.self)
                let length = try reader.readCount()
                let start = reader.offset
                _ = try reader.readRaw(length)
                listed.append((key, start..<start + length))
            }
            var entries: [ContentHash: Range<Int>] = [:]
            entries.reserveCapacity(listed.count)
            for (key, range) in listed { entries[key] = range }
            return entries
        }
    }

    /// A table of contents in its binary form (read back by `listed(in:for:fingerprint:)`).
    static func contents(_ entries: [(key: ContentHash, range: Range<Int>)], size: Int, fingerprint: ContentHash) -> Data {
        var contents = BinaryWriter(capacity: 64 + entries.count * 24)
        contentsMagic.withUnsafeBytes { contents.write(raw: $0) }
        contents.write(fingerprint)
        contents.write(size)
        contents.write(entries.count)
        for (key, range) in entries {
            contents.write(key)
            contents.write(range.lowerBound)
            contents.write(range.count)
        }
        return Data(contents.bytes)
    }

    /// The entries a table of contents lists, if it was written for a memo of `data`'s size and
    /// fingerprint and reads back whole, with every place inside the memo.
    private static func listed(in contents: Data?, for data: Data, fingerprint: ContentHash) -> [ContentHash: Range<Int>]? {
        contents?.withUnsafeBytes { bytes -> [ContentHash: Range<Int>]? in
            var reader = BinaryReader(bytes)
            guard (try? Array(reader.readRaw(contentsMagic.count))) == contentsMagic, (try? reader.read(ContentHash.self)) == fingerprint,
                  (try? reader.readInt()) == data.count, let count = try? reader.readCount() else { return nil }
            var entries: [ContentHash: Range<Int>] = [:]
            entries.reserveCapacity(count)
            for _ in 0..<count {
                guard let key = try? reader.read(ContentHash.self), let start = try? reader.readInt(), let length = try? reader.readInt(),
                      start >= headerCount, length >= 0, length <= data.count - start else { return nil }
                entries[key] = start..<start + length
            }
            return reader.isAtEnd ? entries : nil
        }
    }

    /// Whether `range` of the memo's bytes is the value of an entry for `key`: the key and the
    /// length written just before it say so. (A place from the table of contents is checked so.)
    fileprivate static func entry(_ key: ContentHash, at range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Bool {
        let start = range.lowerBound - MemoWriter.lengthSize(range.count) - 16
        guard start >= headerCount else { return false }
        var reader = BinaryReader(bytes, offset: start)
        return (try? reader.read(ContentHash.self)) == key && (try? reader.readInt()) == range.count && reader.offset == range.lowerBound
    }
}

/// Writes the next build's memo, from any thread. Most of a rebuild's values are the last build's:
/// those are only marked as kept, and what is new is appended to the old memo, so a rebuild does
/// not copy a large site's memo again. When less than half of the old memo is still in use, or
/// there is none, a new one is written beside it instead (a megabyte at a time, so a large site's
/// results never sit in memory twice) with what is kept and what is new; `finish` puts it in the
/// old one's place.
final class MemoWriter: @unchecked Sendable {
    private let fileSystem: any FileSystem
    private let path: String
    private let partial: String
    private let fingerprint: ContentHash
    /// The memo this build read, when it is the one at `path`: what `keep` keeps is there.
    private let old: MemoFile?
    private let lock = NSLock()
    private var buffer = BinaryWriter(capacity: 1 << 20)
    private var kept: Set<ContentHash> = []
    private var keptBytes = 0
    /// Where each value this writer wrote is in the file it writes (`partial`), for the table of
    /// contents; `flushed`, how many bytes of it are written.
    private var placed: [ContentHash: Range<Int>] = [:]
    private var flushed = 0
    private var failed = false
    private var finished = false
    private static let headerCount = MemoFile.headerCount

    init(path: String, fingerprint: ContentHash, fileSystem: any FileSystem, old: MemoFile = MemoFile()) {
        self.fileSystem = fileSystem
        self.path = path
        self.fingerprint = fingerprint
        self.old = old.path == path && old.fingerprint == fingerprint ? old : nil
        // A rebuild keeps most of the old memo's values.
        kept.reserveCapacity(self.old?.count ?? 0)
        partial = path + ".partial"
        do {
            try fileSystem.createDirectory((path as NSString).deletingLastPathComponent)
            try fileSystem.remove(partial)
        } catch {
            failed = true
        }
        MemoFile.magic.withUnsafeBytes { buffer.write(raw: $0) }
        buffer.write(fingerprint)
    }

    /// Stores one value; `encode` runs on the caller's thread.
    func add(_ key: ContentHash, _ encode: (inout BinaryWriter) -> Void) {
        var value = BinaryWriter()
        encode(&value)
        lock.withLock {
            value.bytes.withUnsafeBytes { append(key, $0) }
        }
    }

    /// Stores one value after the hash of its bytes (`MemoFile.sealed`): for a value whose damage
    /// would read back as another valid value rather than fail to read.
    func addSealed(_ key: ContentHash, _ write: (inout BinaryWriter) -> Void) {
        add(key) { writer in
            var value = BinaryWriter()
            write(&value)
            writer.write(value.bytes.withUnsafeBytes { ContentHash.bulk($0) })
            value.bytes.withUnsafeBytes { writer.write(raw: $0) }
        }
    }

    /// Keeps the old memo's value for `key` (read by this build) for the next one.
    func keep(_ key: ContentHash) {
        guard let range = old?.entries[key] else { return }
        lock.withLock {
            if kept.insert(key).inserted { keptBytes += Self.entrySize(range.count) }
        }
    }

    /// Makes the memo the one the next build reads. A memo that could not be written is dropped:
    /// the next build only does more work.
    func finish() {
        lock.withLock {
            guard !finished else { return }
            finished = true
            flush()
            if failed { try? fileSystem.remove(partial); return }
            do {
                // The old table of contents goes first: should the process end before the new one
                // is written, the memo is read entry by entry rather than through a stale list.
                try fileSystem.remove(MemoFile.contentsPath(path))
                let entries: [ContentHash: Range<Int>], size: Int
                if let old, keptBytes * 2 >= old.data.count - Self.headerCount, isUnchanged(old) {
                    // The new values only, after the header: appended to the old memo.
                    let written = try fileSystem.readMapped(partial)
                    if written.count > Self.headerCount { try fileSystem.append(written.dropFirst(Self.headerCount), to: path) }
                    try fileSystem.remove(partial)
                    let shift = old.data.count - Self.headerCount
                    entries = old.entries.merging(placed.mapValues { $0.lowerBound + shift..<$0.upperBound + shift }) { $1 }
                    size = old.data.count + max(0, written.count - Self.headerCount)
                } else {
                    if let old {
                        old.data.withUnsafeBytes { bytes in
                            // A value is copied only from where its own key and length stand: a
                            // place from a wrong table of contents would otherwise be stored
                            // under the key the list gave it, and then read back as valid.
                            for key in kept {
                                let range = old.entries[key]!
                                if MemoFile.entry(key, at: range, in: bytes) { append(key, UnsafeRawBufferPointer(rebasing: bytes[range])) }
                            }
                        }
                        flush()
                    }
                    // A memo not written whole is not put in place.
                    guard !failed else { throw FileSystemError(path: partial, reason: "could not be written whole") }
                    try fileSystem.move(partial, to: path)
                    (entries, size) = (placed, flushed)
                }
                writeContents(entries, size: size)
            } catch {
                try? fileSystem.remove(partial)
            }
        }
    }

    /// The table of contents of the memo just finished (`MemoFile`); none when it cannot be
    /// written, and then the memo is read entry by entry.
    private func writeContents(_ entries: [ContentHash: Range<Int>], size: Int) {
        guard !failed else { return }
        let contents = MemoFile.contents(entries.map { ($0.key, $0.value) }, size: size, fingerprint: fingerprint)
        let (target, written) = (MemoFile.contentsPath(path), MemoFile.contentsPath(partial))
        do {
            try fileSystem.write(contents, to: written)
            try fileSystem.move(written, to: target)
        } catch {
            try? fileSystem.remove(written)
            try? fileSystem.remove(target)
        }
    }

    /// Drops the memo being written; the old one stays.
    func abandon() {
        lock.withLock { try? fileSystem.remove(partial) }
    }

    /// Whether the file at `path` is still the memo this build read (not one another build wrote since).
    private func isUnchanged(_ old: MemoFile) -> Bool {
        guard let current = try? fileSystem.readMapped(path) else { return false }
        return current.count == old.data.count && current.prefix(Self.headerCount) == old.data.prefix(Self.headerCount)
    }

    /// The bytes of one entry in the file: key, length and value.
    private static func entrySize(_ length: Int) -> Int { 16 + lengthSize(length) + length }

    /// The bytes a length takes (`BinaryWriter`'s integers: zigzag, seven bits a byte).
    static func lengthSize(_ length: Int) -> Int {
        var lengthBytes = 1
        while (length << 1) >> (7 * lengthBytes) > 0 { lengthBytes += 1 }
        return lengthBytes
    }

    /// One entry into the buffer; the lock is held.
    private func append(_ key: ContentHash, _ value: UnsafeRawBufferPointer) {
        buffer.write(key)
        buffer.write(value.count)
        let start = flushed + buffer.bytes.count
        placed[key] = start..<start + value.count
        buffer.write(raw: value)
        if buffer.bytes.count >= 1 << 20 { flush() }
    }

    private func flush() {
        guard !failed, !buffer.bytes.isEmpty else { return }
        do {
            try fileSystem.append(Data(buffer.bytes), to: partial)
            flushed += buffer.bytes.count
        } catch { failed = true }
        buffer = BinaryWriter(capacity: 1 << 20)
    }
}
