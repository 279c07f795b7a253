import Foundation

/// A hash table from a word's UTF-8 bytes to a small integer: for the words of one document, the
/// words a tokenizer has seen, the words of a run of documents.
///
/// Most tokens of a text repeat a word seen before, so looking a token up must not build a
/// `String` or run the standard library's seeded hasher: keys are hashed and compared as bytes
/// kept in one arena, in an open-addressing table that doubles when half full. A word's first 16
/// bytes are kept in the entry as two integers (`Key`): most words are that short, and compare
/// with two loads instead of a call to `memcmp`.
struct WordTable {
    /// A word as the table hashes and compares it. The bytes must stay valid while it is used.
    struct Key {
        /// Bytes 0–7 and 8–15, little-endian, zero past the end of the word.
        fileprivate var low: UInt64
        fileprivate var high: UInt64
        fileprivate var word: UnsafeBufferPointer<UInt8>
        fileprivate var hash: UInt64

        /// The word's bytes.
        var bytes: UnsafeBufferPointer<UInt8> { word }

        init(_ word: UnsafeBufferPointer<UInt8>) {
            var (low, high): (UInt64, UInt64) = (0, 0)
            for offset in 0..<min(word.count, 8) { low |= UInt64(word[offset]) << (8 * offset) }
            if word.count > 8 { for offset in 8..<min(word.count, 16) { high |= UInt64(word[offset]) << (8 * (offset - 8)) } }
            self.init(word, low: low, high: high)
        }

        /// The word in the first `length` bytes of `scratch`, which holds at least 16 bytes (what
        /// lies past the word is ignored): read as two integers instead of byte by byte.
        init(scratch: UnsafeMutableBufferPointer<UInt8>, length: Int) {
            assert(scratch.count >= 16 && length <= scratch.count)
            let raw = UnsafeRawPointer(scratch.baseAddress!)
            // `<<` by 64 or more gives 0, so a word of 8 bytes or more keeps all of `low`.
            let low = raw.loadUnaligned(as: UInt64.self).littleEndian & ((1 << (8 * min(length, 8))) &- 1)
            let high = length <= 8 ? 0 : raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian & ((1 << (8 * (length - 8))) &- 1)
            self.init(UnsafeBufferPointer(rebasing: scratch[0..<length]), low: low, high: high)
        }

        private init(_ word: UnsafeBufferPointer<UInt8>, low: UInt64, high: UInt64) {
            self.low = low
            self.high = high
            self.word = word
            // No seed needed: the table lives for one build and its order is never written.
            var hash = (low &* 0x9E37_79B9_7F4A_7C15) ^ ((high ^ UInt64(word.count)) &* 0xC2B2_AE3D_27D4_EB4F)
            if word.count > 16 { for byte in word[16...] { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 } }
            self.hash = hash ^ (hash >> 29)
        }
    }

    fileprivate struct Entry {
        var low: UInt64
        var high: UInt64
        var start: Int32
        var length: Int32
        var value: Int32
    }

    private var slots: [Int32]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private var mask: Int

    init(capacity: Int = 512) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { entries.count }

    /// The value stored for `word`, or nil.
    func value(for word: UnsafeBufferPointer<UInt8>) -> Int32? { value(for: Key(word)) }

    func value(for key: Key) -> Int32? { find(key).value }

    /// Stores `value` for a word that is not in the table yet.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, value: Int32) { insert(Key(word), value: value) }

    mutating func insert(_ key: Key, value: Int32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        var slot = Self.slot(key.hash, mask)
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        add(key, value: value, at: slot)
    }

    /// The value stored for `word`; when there is none, `value`, which is stored for it. One
    /// hash and one probe for a look-up that may add.
    mutating func value(for word: UnsafeBufferPointer<UInt8>, orInsert value: Int32) -> Int32 {
        self.value(for: Key(word), orInsert: value)
    }

    mutating func value(for key: Key, orInsert value: Int32) -> Int32 {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let found = find(key)
        if let known = found.value { return known }
        add(key, value: value, at: found.slot)
        return value
    }

    /// Every word with its value, in the order they were inserted.
    func forEach(_ body: (String, Int32) -> Void) {
        forEachBytes { word, value in body(String(decoding: word, as: UTF8.self), value) }
    }

    /// Every word's bytes (valid only during the call) with its value, in the order they were inserted.
    func forEachBytes(_ body: (UnsafeBufferPointer<UInt8>, Int32) -> Void) {
        arena.withUnsafeBufferPointer { bytes in
            for entry in entries {
                body(UnsafeBufferPointer(rebasing: bytes[Int(entry.start)..<Int(entry.start + entry.length)]), entry.value)
            }
        }
    }
}

private extension WordTable {
    static func slot(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: hash) & mask }

    /// The slot that holds the key's word, with its value, or the empty slot where it would go.
    func find(_ key: Key) -> (slot: Int, value: Int32?) {
        // Every token of every text is looked up: no bounds checks in the probe loop.
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                var slot = Self.slot(key.hash, mask)
                while true {
                    let number = slots[slot]
                    if number < 0 { return (slot, nil) }
                    let entry = entries[Int(number)]
                    if entry.low == key.low, entry.high == key.high, Int(entry.length) == key.word.count,
                       key.word.count <= 16 || sameTail(entry, key) {
                        return (slot, entry.value)
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Whether the bytes past the first 16 are the same (both are longer than 16, and as long).
    func sameTail(_ entry: Entry, _ key: Key) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            memcmp(arena.baseAddress! + Int(entry.start) + 16, key.word.baseAddress! + 16, key.word.count - 16) == 0
        }
    }

    mutating func add(_ key: Key, value: Int32, at slot: Int) {
        slots[slot] = Int32(entries.count)
        entries.append(Entry(low: key.low, high: key.high, start: Int32(arena.count), length: Int32(key.word.count), value: value))
        arena.append(contentsOf: key.word)
    }

    mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        arena.withUnsafeBufferPointer { arena in
            for (number, entry) in entries.enumerated() {
                let word = UnsafeBufferPointer(rebasing: arena[Int(entry.start)..<Int(entry.start + entry.length)])
                var slot = Self.slot(Key(word).hash, mask)
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(number)
            }
        }
    }
}
