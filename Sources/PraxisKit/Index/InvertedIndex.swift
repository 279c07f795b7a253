import Foundation

/// Every document's terms merged into one table: for each term, the documents that contain it with
/// their counts per field; for each pair of adjacent terms, the documents where they are adjacent;
/// and the words each term was seen as. Documents are added one at a time, in id order, so a
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
    mutating func add(_ documents: [DocumentTerms]) {
        let first = documentCount
        let pairKeys = documents.map { add($0) }
        // Most of the merge is the pairs: each part takes its own keys from every document, on its own core.
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

    /// Adds one document's postings and lengths; returns its pairs in term ids.
    private mutating func add(_ document: DocumentTerms) -> [UInt64] {
        let number = Int32(documentCount)
        let fields = DocumentTerms.fieldCount
        var global: [Int] = []
        global.reserveCapacity(document.terms.count)
        for term in document.terms { global.append(id(of: term)) }
        // A posting per distinct term of every document: appended straight into the postings'
        // storage, a term's counts for all fields at once.
        document.counts.withUnsafeBufferPointer { counts in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fields) { clipped in
                postings.withUnsafeMutableBufferPointer { postings in
                    for (position, id) in global.enumerated() {
                        for field in 0..<fields { clipped[field] = UInt8(min(255, counts[position * fields + field])) }
                        postings[id].documents.append(number)
                        postings[id].counts.append(contentsOf: clipped)
                    }
                }
            }
        }
        lengths += document.lengths.map { Int32($0) }
        documentCount += 1
        return document.pairs.map { UInt64(global[Int($0 >> 32)]) << 32 | UInt64(global[Int($0 & 0xFFFF_FFFF)]) }
    }

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
