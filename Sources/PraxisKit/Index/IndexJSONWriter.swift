import Foundation

/// The index files' JSON, written straight into bytes: the very bytes `CompactJSONEncoder` gives
/// for the same `SearchIndexFormat` value (`SearchIndexFormat+JSON.swift` says how each type is
/// written, in its coding keys' sorted order), without building and sorting a tree of nodes for
/// every value first. Encoding thousands of shards through `Codable` was most of the time spent
/// writing the index.
///
/// Strings are escaped by `JSONText`, the one place JSON text is escaped. What is written
/// `verbatim` (document sets, impacts) must be characters that JSON never escapes.
struct IndexJSONWriter {
    private(set) var bytes: [UInt8] = []
    /// One entry per open object or array: whether the next member or element needs a comma.
    private var separated: [Bool] = []
    /// A key was just written: the value that follows takes no comma.
    private var pendingKey = false

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    var data: Data { Data(bytes) }

    mutating func openObject() { open(UInt8(ascii: "{")) }
    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func openArray() { open(UInt8(ascii: "[")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }

    /// A member's key; its value follows. Callers write keys in the order of `sortedKeys`.
    mutating func key(escaping key: String) {
        separate()
        append(key)
        bytes.append(UInt8(ascii: ":"))
        pendingKey = true
    }

    /// A key known to need no escaping (a coding key of the format, `"version"`).
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        pendingKey = true
    }

    /// A value: as an array element, or after `key`.
    mutating func string(_ text: String) {
        element()
        append(text)
    }

    mutating func strings(_ texts: [String]) {
        openArray()
        for text in texts { string(text) }
        closeArray()
    }

    mutating func int(_ value: Int) {
        element()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // Digits from the last, into a stack buffer: an Int has at most 19 (and `Int.min` a 20th).
        var rest = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            repeat {
                digits[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    /// A string value whose characters JSON never escapes, written by `write` straight into the
    /// output between the quotes (a document set, `DocSetCoder.append`).
    mutating func verbatim(_ write: (inout [UInt8]) -> Void) {
        element()
        bytes.append(UInt8(ascii: "\""))
        let start = bytes.count
        write(&bytes)
        assert(bytes[start...].allSatisfy(Self.needsNoEscape), "verbatim text that JSON escapes")
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string value of characters JSON never escapes (base64url text).
    mutating func verbatim(_ text: String) {
        verbatim { output in output.append(contentsOf: text.utf8) }
    }

    /// The places of `keys` in the order `CompactJSONEncoder` writes an object's keys (Swift's
    /// `<`). Keys usually come already in that order (ASCII keys sorted by `ShardPacker.precedes`
    /// are), which is checked before anything is sorted.
    static func sortedKeys(_ keys: [String]) -> [Int] {
        if zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }) { return Array(keys.indices) }
        return keys.indices.sorted { keys[$0] < keys[$1] }
    }

    /// Escaped by `JSONText`, which copies the runs that need no escaping whole.
    private mutating func append(_ string: String) { JSONText.append(string, to: &bytes) }

    private static func needsNoEscape(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }
}

private extension IndexJSONWriter {
    mutating func open(_ bracket: UInt8) {
        element()
        bytes.append(bracket)
        separated.append(false)
    }

    mutating func close(_ bracket: UInt8) {
        separated.removeLast()
        bytes.append(bracket)
    }

    /// Before a key, or an array element: a comma unless it is the first.
    mutating func separate() {
        guard let last = separated.indices.last else { return }
        if separated[last] { bytes.append(UInt8(ascii: ",")) } else { separated[last] = true }
    }

    /// Before a value: in an array it is an element (see `separate`); after a key, nothing.
    mutating func element() {
        if pendingKey { pendingKey = false } else { separate() }
    }
}
