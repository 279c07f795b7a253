/// Pairs of adjacent terms (`PairKey`s of term ids) → the ascending documents that have them: one
/// part of `InvertedIndex`'s pairs.
///
/// A merge appends one document to a pair for every pair of every page (millions at 10,000
/// pages), so a look-up must be cheap: an open-addressing table hashed by one multiplication
/// (keys are term ids, not chosen by anyone, and the table is never written in its own order),
/// not a `Dictionary`, whose seeded hasher cost more than the rest of the append. A pair whose
/// last document is removed keeps its entry with no documents, and counts as absent.
struct PairTable: Sendable {
    /// Entry numbers, -1 for an empty slot.
    private var slots: [Int32]
    private var keys: [UInt64] = []
    private var lists: [[Int32]] = []
    private var shift: UInt64

    init() {
        slots = [Int32](repeating: -1, count: 64)
        shift = 64 - 6
    }

    /// The documents of `key`; nil when it has none.
    subscript(key: UInt64) -> [Int32]? {
        let entry = find(key).entry
        return entry >= 0 && !lists[entry].isEmpty ? lists[entry] : nil
    }

    /// Adds `document`, above every document `key` has, to its documents.
    mutating func append(_ document: Int32, to key: UInt64) {
        lists[entry(for: key)].append(document)
    }

    /// Sets the documents of `key`, and returns those it had (nil when none).
    @discardableResult
    mutating func updateValue(_ documents: [Int32], forKey key: UInt64) -> [Int32]? {
        let entry = entry(for: key)
        let old = lists[entry]
        lists[entry] = documents
        return old.isEmpty ? nil : old
    }

    /// Takes the documents of `key` out (nil when it has none), so that they can be changed in
    /// place and put back with `updateValue`.
    mutating func removeValue(forKey key: UInt64) -> [Int32]? {
        let entry = find(key).entry
        guard entry >= 0, !lists[entry].isEmpty else { return nil }
        defer { lists[entry] = [] }
        return lists[entry]
    }

    /// Every pair that has documents, with them, in no particular order.
    var pairs: [(key: UInt64, documents: [Int32])] {
        zip(keys, lists).filter { !$0.1.isEmpty }.map { (key: $0.0, documents: $0.1) }
    }
}

private extension PairTable {
    func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The entry of `key` (-1 if none) and the slot that holds it, or the empty slot where it would go.
    func find(_ key: UInt64) -> (slot: Int, entry: Int) {
        slots.withUnsafeBufferPointer { slots in
            keys.withUnsafeBufferPointer { keys in
                let mask = slots.count - 1
                var slot = self.slot(key)
                while true {
                    let entry = Int(slots[slot])
                    if entry < 0 || keys[entry] == key { return (slot, entry) }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The entry of `key`, made (with no documents) if there is none.
    mutating func entry(for key: UInt64) -> Int {
        let found = find(key)
        if found.entry >= 0 { return found.entry }
        slots[found.slot] = Int32(keys.count)
        keys.append(key)
        lists.append([])
        if keys.count * 2 > slots.count { grow() }
        return keys.count - 1
    }

    mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for (entry, key) in keys.enumerated() {
            var slot = self.slot(key)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }
}
