/// Every document's terms merged into one table: for each term, the documents that contain it with
/// their counts per field; for each pair of adjacent terms, the documents where they are adjacent;
/// and the words each term was seen as.
struct InvertedIndex: Sendable {
    struct Posting: Sendable {
        var document: Int32
        /// Occurrences per field, in `SearchField` order.
        var counts: [UInt32]
    }

    /// Terms by id, in the order first seen.
    private(set) var terms: [String] = []
    private(set) var postings: [[Posting]] = []
    /// `first << 32 | second` term ids → ascending document ids.
    private(set) var pairs: [UInt64: [Int32]] = [:]
    /// Folded word → term.
    private(set) var words: [String: String] = [:]
    /// `lengths[document][field]`, in terms.
    private(set) var lengths: [[Int]] = []

    private var ids: [String: Int] = [:]

    /// Documents must come in id order; their postings are then sorted by construction.
    init(_ documents: [DocumentTerms]) {
        for (number, document) in documents.enumerated() {
            var global: [Int] = []
            for term in document.terms { global.append(id(of: term)) }
            for (position, term) in global.enumerated() {
                let counts = SearchField.allCases.map { document.count(of: position, in: $0) }
                postings[term].append(Posting(document: Int32(number), counts: counts))
            }
            for pair in document.pairs {
                let key = UInt64(global[Int(pair >> 32)]) << 32 | UInt64(global[Int(pair & 0xFFFF_FFFF)])
                pairs[key, default: []].append(Int32(number))
            }
            words.merge(document.words) { first, _ in first }
            lengths.append(document.lengths)
        }
    }

    func term(_ id: Int) -> String { terms[id] }
    func id(ofTerm term: String) -> Int? { ids[term] }

    /// Average length of each field over all documents (at least 1, so empty fields divide safely).
    var averageLengths: [Double] {
        guard !lengths.isEmpty else { return SearchField.allCases.map { _ in 1 } }
        return SearchField.allCases.indices.map { field in
            max(1, Double(lengths.reduce(0) { $0 + $1[field] }) / Double(lengths.count))
        }
    }

    private mutating func id(of term: String) -> Int {
        if let known = ids[term] { return known }
        ids[term] = terms.count
        terms.append(term)
        postings.append([])
        return terms.count - 1
    }
}
