import Foundation

/// Every document's terms merged into one table: for each term, the documents that contain it with
/// their counts per field; for each pair of adjacent terms, the documents where they are adjacent;
/// and the words each term was seen as. Documents are added a batch at a time, in id order, so a
/// large site never holds every document's tokens at once.
struct InvertedIndex: Sendable {
    /// One term's documents (ascending) and, for each, its occurrences per field in `SearchField`
    /// order, `fieldCount` bytes per document; more than 255 counts as 255 (BM25 is long saturated).
    struct Postings: Sendable {
        var documents: [Int32] = []
        var counts: [UInt8] = []

        func count(_ posting: Int, in field: SearchField) -> Int {
            Int(counts[posting * DocumentTerms.fieldCount + field.index])
        }
    }

    /// Terms by id, in the order first seen.
    private(set) var terms: [String] = []
    private(set) var postings: [Postings] = []
    /// `first << 32 | second` term ids → ascending document ids, in parts by the first term's id
    /// (`pairPart`), so that the parts are filled on every core; `pairs` has them all.
    private var pairParts = [[UInt64: [Int32]]](repeating: [:], count: InvertedIndex.pairPartCount)
    /// Folded word → term.
    private(set) var words: [String: String] = [:]
    /// Terms per field, `fieldCount` per document.
    private(set) var lengths: [Int32] = []
    private(set) var documentCount = 0

    private var ids: [String: Int] = [:]

    init() {}

    /// Adds the next documents (each after `DocumentTerms.finish()`); a document's id is the number
    /// of documents added before it. Their words go to `words` separately, with `add(words:)`.
    /// All on every core but giving new terms their ids: terms are looked up in parallel, new ones
    /// numbered in document order (after the first batches, few terms are new), and then each core
    /// appends to its own blocks of terms' postings and its own part of the pairs.
    mutating func add(_ documents: [DocumentTerms]) {
        let first = documentCount
        var global = knownIDs(of: documents)
        for number in documents.indices where global[number].contains(-1) {
            for (position, term) in documents[number].terms.enumerated() where global[number][position] < 0 {
                global[number][position] = Int32(id(of: term))
            }
        }
        let ids = global
        let fields = DocumentTerms.fieldCount
        postings.withUnsafeMutableBufferPointer { storage in
            let shared = SharedStorage(buffer: storage)
            DispatchQueue.concurrentPerform(iterations: Self.postingPartCount) { part in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fields) { clipped in
                    for (offset, document) in documents.enumerated() {
                        let number = Int32(first + offset)
                        document.counts.withUnsafeBufferPointer { counts in
                            for (position, id) in ids[offset].enumerated() where Self.postingPart(id) == part {
                                for field in 0..<fields { clipped[field] = UInt8(min(255, counts[position * fields + field])) }
                                shared.buffer[Int(id)].documents.append(number)
                                shared.buffer[Int(id)].counts.append(contentsOf: clipped)
                            }
                        }
                    }
                }
            }
        }
        for document in documents { lengths += document.lengths.map { Int32($0) } }
        documentCount += documents.count
        // Each part takes its own pairs (by the first term's id) from every document, on its own core.
        let pairKeys = concurrentMap(documents.count) { offset in
            documents[offset].pairs.map { UInt64(ids[offset][Int($0 >> 32)]) << 32 | UInt64(ids[offset][Int($0 & 0xFFFF_FFFF)]) }
        }
        let parts = ConcurrentResults(pairParts)
        pairParts = []  // each part's only owner is now `parts`: filled in place, not copied
        DispatchQueue.concurrentPerform(iterations: Self.pairPartCount) { part in
            var pairs = parts.take(part)!
            for (offset, keys) in pairKeys.enumerated() {
                let number = Int32(first + offset)
                for key in keys where Self.pairPart(key) == part { pairs[key, default: []].append(number) }
            }
            parts[part] = pairs
        }
        pairParts = parts.values
    }

    /// Every pair of adjacent terms and its documents, in no particular order.
    var pairs: [(key: UInt64, documents: [Int32])] {
        pairParts.flatMap { part in part.map { (key: $0.key, documents: $0.value) } }
    }

    static let pairPartCount = 8
    static func pairPart(_ key: UInt64) -> Int { Int((key >> 32) % UInt64(pairPartCount)) }

    /// Each document's terms as the ids already given (-1 for a term new to the index), looked up
    /// on every core. (A function of its own, so that its read of `ids` is over before ids are added.)
    private func knownIDs(of documents: [DocumentTerms]) -> [[Int32]] {
        let ids = self.ids
        return concurrentMap(documents.count) { number in documents[number].terms.map { Int32(ids[$0] ?? -1) } }
    }

    /// Postings are appended in blocks of 64 terms per core, so that two cores seldom write one cache line.
    static let postingPartCount = 8
    static func postingPart(_ id: Int32) -> Int { Int(id >> 6) % postingPartCount }

    /// Folded words and their terms, collected from a batch of documents.
    mutating func add(words batch: [String: String]) {
        words.merge(batch) { first, _ in first }
    }

    func term(_ id: Int) -> String { terms[id] }
    func id(ofTerm term: String) -> Int? { ids[term] }

    func length(of document: Int, in field: SearchField) -> Int {
        Int(lengths[document * DocumentTerms.fieldCount + field.index])
    }

    func lengths(of document: Int) -> [Int] {
        SearchField.allCases.map { length(of: document, in: $0) }
    }

    /// Average length of each field over all documents (at least 1, so empty fields divide safely).
    var averageLengths: [Double] {
        SearchField.allCases.map { field in
            let total = (0..<documentCount).reduce(0) { $0 + length(of: $1, in: field) }
            return max(1, Double(total) / Double(max(1, documentCount)))
        }
    }

    private mutating func id(of term: String) -> Int {
        if let known = ids[term] { return known }
        ids[term] = terms.count
        terms.append(term)
        postings.append(Postings())
        return terms.count - 1
    }
}
