import Foundation

/// A hash table from a word's UTF-8 bytes to a small integer: for the words of one document, the
/// words a tokenizer has seen, the words of a run of documents.
///
/// Most tokens of a text repeat a word seen before, so looking a token up must not build a
/// `String` or run the standard library's seeded hasher: keys are hashed and compared as bytes
/// kept in one arena, in an open-addressing table that doubles when half full.
struct WordTable {
    private struct Entry {
        var start: Int32
        var length: Int32
        var hash: UInt32
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
    func value(for word: UnsafeBufferPointer<UInt8>) -> Int32? {
        find(word, hash: Self.hash(word)).value
    }

    /// Stores `value` for a word that is not in the table yet.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, value: Int32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(word)
        var slot = Int(hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        add(word, hash: hash, value: value, at: slot)
    }

    /// The value stored for `word`; when there is none, `value`, which is stored for it. One
    /// hash and one probe for a look-up that may add.
    mutating func value(for word: UnsafeBufferPointer<UInt8>, orInsert value: Int32) -> Int32 {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(word)
        let found = find(word, hash: hash)
        if let known = found.value { return known }
        add(word, hash: hash, value: value, at: found.slot)
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

    /// The slot that holds `word`, with its value, or the empty slot where it would go.
    private func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (slot: Int, value: Int32?) {
        // Every token of every text is looked up: no bounds checks in the probe loop.
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    var slot = Int(hash) & mask
                    while true {
                        let number = slots[slot]
                        if number < 0 { return (slot, nil) }
                        let entry = entries[Int(number)]
                        if entry.hash == hash, Int(entry.length) == word.count,
                           word.isEmpty || memcmp(arena.baseAddress! + Int(entry.start), word.baseAddress!, word.count) == 0 {
                            return (slot, entry.value)
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    private mutating func add(_ word: UnsafeBufferPointer<UInt8>, hash: UInt32, value: Int32, at slot: Int) {
        slots[slot] = Int32(entries.count)
        entries.append(Entry(start: Int32(arena.count), length: Int32(word.count), hash: hash, value: value))
        arena.append(contentsOf: word)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (number, entry) in entries.enumerated() {
            var slot = Int(entry.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
    }

    /// FNV-1a: short keys, no seed needed (the table lives for one build and is never written).
    private static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in word { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }
}
