import Foundation

/// Values written to and read back from the build cache in a compact binary form. Hand-written
/// per type rather than `Codable`: the cache is read for every document on every build, and a
/// keyed `Decoder` costs a string lookup per field.
protocol BinaryCodable {
    func write(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws
}

/// Appends values: integers as variable-length numbers (7 bits a byte), strings as their length
/// and UTF-8 bytes.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func write(_ number: Int) {
        // Zigzag keeps small negative numbers short.
        var value = UInt64(bitPattern: Int64((number << 1) ^ (number >> 63)))
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func write(_ flag: Bool) { bytes.append(flag ? 1 : 0) }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            write(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    /// What `part` writes, after its length and the hash of its bytes: a reader may pass over it
    /// whole and still know it undamaged (`BinaryReader.readPart`).
    mutating func writePart(_ part: (inout BinaryWriter) -> Void) {
        var inner = BinaryWriter()
        part(&inner)
        write(inner.bytes.count)
        write(inner.bytes.withUnsafeBytes { ContentHash.bulk($0) })
        bytes += inner.bytes
    }

    mutating func write<T: BinaryCodable>(_ value: T) { value.write(to: &self) }

    mutating func write<T: BinaryCodable>(_ value: T?) {
        write(value != nil)
        value?.write(to: &self)
    }

    mutating func write(_ text: String?) {
        write(text != nil)
        if let text { write(text) }
    }

    mutating func write<T: BinaryCodable>(_ values: [T]) {
        write(values.count)
        for value in values { value.write(to: &self) }
    }

    mutating func write(_ values: [String]) {
        write(values.count)
        for value in values { write(value) }
    }

    mutating func write(_ values: [Int]) {
        write(values.count)
        for value in values { write(value) }
    }

    /// A dictionary in key order, so equal dictionaries give equal bytes.
    mutating func write<T: BinaryCodable>(_ values: [String: T]) {
        write(values.count)
        for key in values.keys.sorted() {
            write(key)
            values[key]!.write(to: &self)
        }
    }
}

/// Bytes left in the file a memo was read from (`BinaryReader.readStored`), read only if needed.
struct StoredBytes: Sendable {
    let file: any RangeReadable
    let range: Range<Int>

    func read() throws -> Data { try file.read(range) }
}

/// Reads what `BinaryWriter` wrote. Every read checks the bounds and throws on damaged data, so a
/// truncated or corrupted cache file is noticed and ignored, never trusted.
struct BinaryReader {
    struct Damaged: Error {}

    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int
    /// The last string longer than 15 bytes read, and where its bytes are (`readString`).
    private var lastLong: (bytes: Range<Int>, string: String)?
    /// The file `bytes` lie in, and where in it they start: what `readStored` points into.
    private let origin: (file: any RangeReadable, start: Int)?

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0, in file: (any RangeReadable)? = nil, at start: Int = 0) {
        self.bytes = bytes
        self.offset = offset
        origin = file.map { ($0, start) }
    }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func readInt() throws -> Int {
        // Most numbers a memo holds (counts, lengths, small positions) take one byte.
        if offset < bytes.count, bytes[offset] < 0x80 {
            let value = Int(bytes[offset])
            offset += 1
            return (value >> 1) ^ -(value & 1)
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Damaged() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        let signed = Int64(bitPattern: value)
        return Int((signed >> 1) ^ -(signed & 1))
    }

    /// A number in `0..<limit` (a place in a list read before); any other means damage.
    mutating func readInt(below limit: Int) throws -> Int {
        let number = try readInt()
        guard (0..<limit).contains(number) else { throw Damaged() }
        return number
    }

    /// A count of items that each take at least one byte: larger than what is left means damage.
    mutating func readCount() throws -> Int {
        let count = try readInt()
        guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
        return count
    }

    mutating func readBool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Damaged() }
        defer { offset += 1 }
        return bytes[offset] == 1
    }

    /// A length and that many bytes (as `write(_ text: String)` or a blob writes them), left in
    /// the file the reader reads from, not copied; `check` reads them here first, to the end.
    mutating func readStored(checking check: (inout BinaryReader) throws -> Void = { $0.offset = $0.bytes.count }) throws -> StoredBytes {
        let count = try readCount()
        guard let origin else { throw Damaged() }
        var part = BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]))
        try check(&part)
        guard part.isAtEnd else { throw Damaged() }
        defer { offset += count }
        return StoredBytes(file: origin.file, range: origin.start + offset..<origin.start + offset + count)
    }

    /// What `BinaryWriter.writePart` wrote, read by `read` to its end; nil, having passed over it
    /// without making anything of it, when `skip`. Either way its bytes must have the hash they
    /// were written with: damage found only when the part is read at last would be found too late
    /// for the value it is part of to be made again.
    mutating func readPart<T>(skip: Bool = false, _ read: (inout BinaryReader) throws -> T) throws -> T? {
        let count = try readCount()
        let hash = try self.read(ContentHash.self)
        let part = try readRaw(count)
        guard ContentHash.bulk(part) == hash else { throw Damaged() }
        guard !skip else { return nil }
        var reader = BinaryReader(part)
        let value = try read(&reader)
        guard reader.isAtEnd else { throw Damaged() }
        return value
    }

    mutating func readString() throws -> String {
        let count = try readCount()
        let text = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        defer { offset += count }
        // A long string equal to the last long one read is that string again, not a new copy: a
        // page's path comes back with every position recorded in it. (Up to 15 bytes a string
        // needs no storage of its own.)
        guard count > 15 else { return String(decoding: text, as: UTF8.self) }
        if let last = lastLong, last.bytes.count == count, memcmp(bytes.baseAddress! + last.bytes.lowerBound, text.baseAddress!, count) == 0 {
            return last.string
        }
        let string = String(decoding: text, as: UTF8.self)
        lastLong = (offset..<offset + count, string)
        return string
    }

    mutating func readUInt64() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw Damaged() }
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The next `count` bytes, valid as long as the reader's buffer is.
    mutating func readRaw(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    /// The next `count` plain values (numbers), as this machine lays them out (the cache is this binary's).
    mutating func readValues<T: BitwiseCopyable>(_ count: Int) throws -> [T] {
        guard count >= 0, count <= remaining / MemoryLayout<T>.stride else { throw Damaged() }
        let raw = try readRaw(count * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            initialized = count
        }
    }

    mutating func read<T: BinaryCodable>(_ type: T.Type = T.self) throws -> T { try T(from: &self) }

    mutating func readOptional<T: BinaryCodable>(_ type: T.Type = T.self) throws -> T? {
        try readBool() ? try T(from: &self) : nil
    }

    mutating func readOptionalString() throws -> String? {
        try readBool() ? try readString() : nil
    }

    mutating func readArray<T: BinaryCodable>(_ type: T.Type = T.self) throws -> [T] { try readList { try T(from: &$0) } }
    mutating func readStrings() throws -> [String] { try readList { try $0.readString() } }
    mutating func readInts() throws -> [Int] { try readList { try $0.readInt() } }

    /// A count, then that many elements read by `element`.
    private mutating func readList<T>(_ element: (inout BinaryReader) throws -> T) throws -> [T] {
        let count = try readCount()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self)) }
        return values
    }

    mutating func readDictionary<T: BinaryCodable>(_ type: T.Type = T.self) throws -> [String: T] {
        let count = try readCount()
        var values: [String: T] = [:]
        values.reserveCapacity(count)
        for _ in 0..<count { values[try readString()] = try T(from: &self) }
        return values
    }
}

extension ContentHash: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(high)
        writer.write(low)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(high: try reader.readUInt64(), low: try reader.readUInt64())
    }
}
