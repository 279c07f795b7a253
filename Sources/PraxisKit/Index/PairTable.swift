/// Pairs of adjacent terms (`PairKey`s of term ids) → the ascending documents that have them: one
/// part of `InvertedIndex`'s pairs.
///
/// A merge appends one document to a pair for every pair of every page (millions at 10,000
/// pages), so a look-up must be cheap: an open-addressing table hashed by one multiplication
/// (keys are term ids, not chosen by anyone, and the table is never written in its own order),
/// not a `Dictionary`, whose seeded hasher cost more than the rest of the append. A pair whose
/// last document is removed keeps its entry with no documents, and counts as absent.
struct PairTable: Sendable {
    /// A pair's documents' facts (`ShardEntryFacts`). Made once (`settle`) and kept, through the
    /// build cache too (`IndexSnapshot`), until the documents change: a rebuild makes them again
    /// only for the pairs of the pages that changed, a tenth of the work or less.
    typealias Facts = ShardEntryFacts

    /// Entry numbers, -1 for an empty slot.
    private var slots: [Int32]
    private var keys: [UInt64] = []
    private var lists: [[Int32]] = []
    /// Each entry's facts, nil until settled and again whenever its documents change.
    private var facts: [Facts?] = []
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
        let entry = entry(for: key)
        lists[entry].append(document)
        facts[entry] = nil
    }

    /// Sets the documents of `key` (with their facts, when known), and returns those it had (nil when none).
    @discardableResult
    mutating func updateValue(_ documents: [Int32], forKey key: UInt64, facts known: Facts? = nil) -> [Int32]? {
        let entry = entry(for: key)
        let old = lists[entry]
        lists[entry] = documents
        facts[entry] = known
        return old.isEmpty ? nil : old
    }

    /// Adds `key` with its documents (and their facts, when known); false, changing nothing, when
    /// the table has the key already. Unlike `updateValue`, never reads an old list: filling a
    /// table from the build cache on every core, that read and its release of the shared empty
    /// list cost more than the filling (`InvertedIndex(sortedTerms:…)`).
    mutating func insert(_ documents: consuming [Int32], forKey key: UInt64, facts known: Facts? = nil) -> Bool {
        let found = find(key)
        guard found.entry < 0 else { return false }
        _ = add(key, documents, facts: known, at: found.slot)
        return true
    }

    /// Takes the documents of `key` out (nil when it has none), so that they can be changed in
    /// place and put back with `updateValue`.
    mutating func removeValue(forKey key: UInt64) -> [Int32]? {
        let entry = find(key).entry
        guard entry >= 0, !lists[entry].isEmpty else { return nil }
        defer {
            lists[entry] = []
            facts[entry] = nil
        }
        return lists[entry]
    }

    /// Every pair that has documents, with them and their facts (made now where they are not
    /// settled), in no particular order.
    var pairs: [(key: UInt64, documents: [Int32], facts: Facts)] {
        keys.indices.compactMap { entry in
            lists[entry].isEmpty ? nil : (keys[entry], lists[entry], facts[entry] ?? Facts(lists[entry]))
        }
    }

    /// Makes the facts of every pair whose documents changed since they were made.
    mutating func settle() {
        for entry in keys.indices where facts[entry] == nil && !lists[entry].isEmpty {
            facts[entry] = Facts(lists[entry])
        }
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
        return add(key, [], facts: nil, at: found.slot)
    }

    /// A new entry in the empty `slot`.
    private mutating func add(_ key: UInt64, _ documents: consuming [Int32], facts known: Facts?, at slot: Int) -> Int {
        slots[slot] = Int32(keys.count)
        keys.append(key)
        lists.append(documents)
        facts.append(known)
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

extension ShardEntryFacts {
    /// The facts of a pair's documents.
    init(_ documents: [Int32]) {
        self.init(encodedLength: DocSetCoder.encodedLength(documents), hash: documents.withUnsafeBytes { ContentHash($0) })
    }
}
