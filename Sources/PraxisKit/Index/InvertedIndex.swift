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
    /// `first << 32 | second` term ids → ascending document ids.
    private(set) var pairs: [UInt64: [Int32]] = [:]
    /// Folded word → term.
    private(set) var words: [String: String] = [:]
    /// Terms per field, `fieldCount` per document.
    private(set) var lengths: [Int32] = []
    private(set) var documentCount = 0

    private var ids: [String: Int] = [:]

    init() {}

    /// Adds the next document (after `DocumentTerms.finish()`); its id is the number of documents
    /// added before it. Its words go to `words` separately, with `add(words:)`.
    mutating func add(_ document: DocumentTerms) {
        let number = Int32(documentCount)
        var global: [Int] = []
        global.reserveCapacity(document.terms.count)
        for (position, term) in document.terms.enumerated() {
            let id = id(of: term)
            global.append(id)
            postings[id].documents.append(number)
            postings[id].counts.append(contentsOf: document.counts(of: position).lazy.map { UInt8(min(255, $0)) })
        }
        for pair in document.pairs {
            let key = UInt64(global[Int(pair >> 32)]) << 32 | UInt64(global[Int(pair & 0xFFFF_FFFF)])
            pairs[key, default: []].append(number)
        }
        lengths += document.lengths.map { Int32($0) }
        documentCount += 1
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
