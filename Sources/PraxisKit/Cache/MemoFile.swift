import Foundation

/// One stage's results from the last build, stored by key in a file of the build cache:
///
///     "praxis-memo 1\n"  fingerprint (16 bytes)  { key (16 bytes)  length  value (length bytes) }…
///
/// The fingerprint names everything the results depend on besides their keys (the Praxis binary,
/// site.yml, the theme); a file with another fingerprint is ignored. Values are decoded only when
/// asked for, from a file the disk maps into memory. A damaged file is ignored, never trusted.
struct MemoFile: Sendable {
    private let data: Data
    private let entries: [ContentHash: Range<Int>]

    static let magic = Array("praxis-memo 1\n".utf8)

    /// An empty memo: every lookup misses.
    init() {
        data = Data()
        entries = [:]
    }

    /// The memo at `path`, or an empty one when it is missing, damaged or made for another fingerprint.
    init(path: String, fingerprint: ContentHash, fileSystem: any FileSystem) {
        guard fileSystem.kind(of: path) == .file, let data = try? fileSystem.readMapped(path),
              let entries = try? Self.index(data, fingerprint: fingerprint) else {
            self.init()
            return
        }
        self.init(data: data, entries: entries)
    }

    private init(data: Data, entries: [ContentHash: Range<Int>]) {
        self.data = data
        self.entries = entries
    }

    var count: Int { entries.count }

    /// The value for `key`: the stored one when it can be read (its bytes copied unread into
    /// `next`), otherwise `make()`'s, written to `next`. Either way the next build finds it there.
    func value<T>(for key: ContentHash, next: MemoWriter?, decode: (inout BinaryReader) throws -> T,
                  encode: (T, inout BinaryWriter) -> Void, make: () -> T) -> T {
        if let range = entries[key] {
            let stored: T? = data.withUnsafeBytes { bytes in
                let raw = UnsafeRawBufferPointer(rebasing: bytes[range])
                var reader = BinaryReader(raw)
                guard let value = try? decode(&reader), reader.isAtEnd else { return nil }
                next?.add(key, raw: raw)
                return value
            }
            if let stored { return stored }
        }
        let made = make()
        next?.add(key) { encode(made, &$0) }
        return made
    }

    func value<T: BinaryCodable>(for key: ContentHash, next: MemoWriter?, make: () -> T) -> T {
        value(for: key, next: next, decode: { try T(from: &$0) }, encode: { $0.write(to: &$1) }, make: make)
    }

    private static func index(_ data: Data, fingerprint: ContentHash) throws -> [ContentHash: Range<Int>] {
        try data.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            guard try Array(reader.readRaw(magic.count)) == magic,
                  try reader.readUInt64() == fingerprint.high, try reader.readUInt64() == fingerprint.low else { throw BinaryReader.Damaged() }
            var entries: [ContentHash: Range<Int>] = [:]
            while !reader.isAtEnd {
                let key = ContentHash(high: try reader.readUInt64(), low: try reader.readUInt64())
                let length = try reader.readCount()
                let start = reader.offset
                _ = try reader.readRaw(length)
                entries[key] = start..<start + length
            }
            return entries
        }
    }
}

/// Writes the next build's memo beside the old one, a megabyte at a time from any thread, so a
/// large site's results never sit in memory twice; `finish` puts it in the old one's place.
final class MemoWriter: @unchecked Sendable {
    private let fileSystem: any FileSystem
    private let path: String
    private let partial: String
    private let lock = NSLock()
    private var buffer = BinaryWriter(capacity: 1 << 20)
    private var failed = false

    init(path: String, fingerprint: ContentHash, fileSystem: any FileSystem) {
        self.fileSystem = fileSystem
        self.path = path
        partial = path + ".partial"
        do {
            try fileSystem.createDirectory((path as NSString).deletingLastPathComponent)
            try fileSystem.remove(partial)
        } catch {
            failed = true
        }
        MemoFile.magic.withUnsafeBytes { buffer.write(raw: $0) }
        buffer.write(fingerprint.high)
        buffer.write(fingerprint.low)
    }

    /// Stores one value; `encode` runs on the caller's thread.
    func add(_ key: ContentHash, _ encode: (inout BinaryWriter) -> Void) {
        var value = BinaryWriter()
        encode(&value)
        lock.withLock {
            buffer.write(key.high)
            buffer.write(key.low)
            buffer.write(value.bytes.count)
            value.bytes.withUnsafeBytes { buffer.write(raw: $0) }
            if buffer.bytes.count >= 1 << 20 { flush() }
        }
    }

    /// Stores bytes already encoded (a value carried over from the last memo).
    func add(_ key: ContentHash, raw: UnsafeRawBufferPointer) {
        lock.withLock {
            buffer.write(key.high)
            buffer.write(key.low)
            buffer.write(raw.count)
            buffer.write(raw: raw)
            if buffer.bytes.count >= 1 << 20 { flush() }
        }
    }

    /// Makes the memo the one the next build reads. A memo that could not be written is dropped:
    /// the next build only does more work.
    func finish() {
        lock.withLock {
            flush()
            if failed { try? fileSystem.remove(partial); return }
            do { try fileSystem.move(partial, to: path) } catch { try? fileSystem.remove(partial) }
        }
    }

    /// Drops the memo being written; the old one stays.
    func abandon() {
        lock.withLock { try? fileSystem.remove(partial) }
    }

    private func flush() {
        guard !failed, !buffer.bytes.isEmpty else { return }
        do { try fileSystem.append(Data(buffer.bytes), to: partial) } catch { failed = true }
        buffer = BinaryWriter(capacity: 1 << 20)
    }
}
