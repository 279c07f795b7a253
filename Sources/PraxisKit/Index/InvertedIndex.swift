import Foundation

/// Every document's terms merged into one table: for each term, the documents that contain it with
/// their counts per field; for each pair of adjacent terms, the documents where they are adjacent;
/// and the words each term was seen as. Documents are added a batch at a time, in id order, so a
/// large site never holds every document's tokens at once. A rebuild changes the last build's
/// index in place instead (`replace`), for the few documents that changed.
///
/// Term ids are an internal numbering: nothing the index is made into depends on them, only on
/// the terms themselves, in `order`. So an index patched by `replace` (where a term new to the
/// site gets the next id, and a term no document has any more keeps its id, with no postings)
/// makes the very files a fresh merge makes.
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

    /// A folded word, the term it stands for, and how many documents have it.
    struct WordUse: Sendable, Equatable {
        var term: String
        var documents: Int32
    }

    /// Terms by id.
    private(set) var terms: [String] = []
    private(set) var postings: [Postings] = []
    /// `first << 32 | second` term ids → ascending document ids, in parts by the first term's id
    /// (`pairPart`), so that the parts are filled on every core; `pairs` has them all.
    private var pairParts = [PairTable](repeating: PairTable(), count: InvertedIndex.pairPartCount)
    /// Folded word → term.
    private(set) var words: [String: String] = [:]
    /// Folded word → the number of documents that have it: a word goes when its last document does.
    private(set) var wordDocuments: [String: Int32] = [:]
    /// Terms per field, `fieldCount` per document.
    private(set) var lengths: [Int32] = []
    private(set) var documentCount = 0
    /// The ids of the terms some document has, in the order of `ShardPacker.precedes` (the order
    /// the client looks keys up in), as `finish()` left them; `ranks` is each id's place in it
    /// (-1 for a term no document has).
    private(set) var order: [Int] = []
    private(set) var ranks: [Int32] = []

    /// Term → id.
    private var numbers = TermNumbers()

    init() {}

    /// A pair of term ids (`PairKey`), its documents and, when known, their facts.
    typealias StoredPair = (key: UInt64, documents: [Int32], facts: PairTable.Facts?)

    /// An index as the build cache stored it (`IndexSnapshot`): terms in `order` (so numbered),
    /// each with its postings; pairs of those numbers, in runs as stored; words; `fieldCount`
    /// lengths per document. Nil when a term or a pair comes twice.
    init?(sortedTerms terms: [String], postings: [Postings], pairs runs: [[StoredPair]], words: [String: WordUse], lengths: [Int32]) {
        let byPart = runs.map { run in
            (0..<Self.pairPartCount).map { part in run.filter { Self.pairPart($0.key) == part } }
        }
        self.init(sortedTerms: terms, postings: postings, pairRuns: byPart, words: words, lengths: lengths)
    }

    /// As above, with each run's pairs already in their parts (`pairRuns[run][part]`, by
    /// `pairPart`), as the snapshot is read: each part's table then takes its pairs over, moved
    /// rather than copied. Copying them retained each pair's documents (one cache miss each, the
    /// 135,000 pairs of 10,000 documents), and freeing the runs released them all again.
    init?(sortedTerms terms: [String], postings: [Postings], pairRuns runs: consuming [[[StoredPair]]],
          words: [String: WordUse], lengths: [Int32]) {
        self.terms = terms
        self.postings = postings
        for (id, term) in terms.enumerated() {
            // Two terms of different bytes may still be one String (canonically equivalent).
            guard numbers.number(of: term, orInsert: id) == id else { return nil }
        }
        let partCount = Self.pairPartCount
        guard runs.allSatisfy({ $0.count == partCount }) else { return nil }
        // Each run's part moved to a slot of its own (each the only reference to its array),
        // taken by the one core that fills that part's table.
        let runCount = runs.count
        let buckets = ConcurrentResults<[StoredPair]>(count: runCount * partCount)
        for run in 0..<runCount {
            for part in 0..<partCount {
                buckets[run * partCount + part] = runs[run][part]
                runs[run][part] = []
            }
        }
        _ = consume runs
        // Each part's table filled on its own core, from every run, each pair added as a new
        // entry (`PairTable.insert`), in the order stored.
        let tables = concurrentMap(partCount) { part -> PairTable? in
            var table = PairTable()
            for run in 0..<runCount {
                var pairs = buckets.take(run * partCount + part)!
                pairs.reverse()
                while let (key, documents, facts) = pairs.popLast() {
                    guard table.insert(documents, forKey: key, facts: facts) else { return nil }
                }
            }
            return table
        }
        guard tables.allSatisfy({ $0 != nil }) else { return nil }
        pairParts = tables.map { $0! }
        for (word, use) in words {
            self.words[word] = use.term
            wordDocuments[word] = use.documents
        }
        self.lengths = lengths
        documentCount = lengths.count / DocumentTerms.fieldCount
        order = Array(terms.indices)
        ranks = order.map(Int32.init)
    }

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
            documents[offset].pairs.map { PairKey.mapped($0, through: ids[offset]) }
        }
        let parts = ConcurrentResults(pairParts)
        pairParts = []  // each part's only owner is now `parts`: filled in place, not copied
        DispatchQueue.concurrentPerform(iterations: Self.pairPartCount) { part in
            var pairs = parts.take(part)!
            for (offset, keys) in pairKeys.enumerated() {
                let number = Int32(first + offset)
                for key in keys where Self.pairPart(key) == part { pairs.append(number, to: key) }
            }
            parts[part] = pairs
        }
        pairParts = parts.takeAll()
    }

    /// Every pair of adjacent terms with its documents and their facts (`PairTable.Facts`), in no
    /// particular order.
    var pairs: [(key: UInt64, documents: [Int32], facts: PairTable.Facts)] {
        pairsByPart.flatMap { $0 }
    }

    /// The same, part by part, each part's listed on its own core.
    var pairsByPart: [[(key: UInt64, documents: [Int32], facts: PairTable.Facts)]] {
        let parts = pairParts
        return concurrentMap(parts.count) { parts[$0].pairs }
    }

    static let pairPartCount = 8
    static func pairPart(_ key: UInt64) -> Int { PairKey.halves(key).first % pairPartCount }

    /// Each document's terms as the ids already given (-1 for a term new to the index), looked up
    /// on every core. (A function of its own, so that its read of `numbers` is over before terms are numbered.)
    private func knownIDs(of documents: [DocumentTerms]) -> [[Int32]] {
        let numbers = self.numbers
        return concurrentMap(documents.count) { number in documents[number].terms.map { Int32(numbers.number(of: $0) ?? -1) } }
    }

    /// Postings are appended in blocks of 64 terms per core, so that two cores seldom write one cache line.
    static let postingPartCount = 8
    static func postingPart(_ id: Int32) -> Int { Int(id >> 6) % postingPartCount }

    /// Folded words, their terms and how many documents have them, collected from a batch of documents.
    mutating func add(words batch: [String: WordUse]) {
        for (word, use) in batch {
            if words[word] == nil { words[word] = use.term }
            wordDocuments[word, default: 0] += use.documents
        }
    }

    /// Puts the terms in `order`, and makes the facts of the pairs whose documents changed; call
    /// after the last `add` or `replace`.
    mutating func finish() {
        let parts = ConcurrentResults(pairParts)
        pairParts = []  // each part's only owner is now `parts`: settled in place, not copied
        DispatchQueue.concurrentPerform(iterations: Self.pairPartCount) { part in
            var pairs = parts.take(part)!
            pairs.settle()
            parts[part] = pairs
        }
        pairParts = parts.takeAll()
        order = terms.indices.filter { !postings[$0].documents.isEmpty }.sorted { ShardPacker.precedes(terms[$0], terms[$1]) }
        ranks = [Int32](repeating: -1, count: terms.count)
        for (rank, id) in order.enumerated() { ranks[id] = Int32(rank) }
    }

    /// Document `number`, once `old`, is now `new` (both finished): afterwards the index holds
    /// what merging every document with `new` in its place holds. False, with the index left
    /// half changed, when `old` is not what the index has for the document (a cache that does not
    /// match): the caller then merges every document afresh.
    mutating func replace(_ number: Int, old: DocumentTerms, new: DocumentTerms) -> Bool {
        let document = Int32(number), fields = DocumentTerms.fieldCount
        guard number >= 0, number < documentCount, lengths[number * fields..<(number + 1) * fields].elementsEqual(old.lengths, by: { Int($0) == $1 }) else { return false }
        var oldIDs: [Int32] = []
        for term in old.terms {
            guard let id = numbers.number(of: term), let place = Self.place(of: document, in: postings[id].documents) else { return false }
            postings[id].documents.remove(at: place)
            postings[id].counts.removeSubrange(place * fields..<(place + 1) * fields)
            oldIDs.append(Int32(id))
        }
        for pair in old.pairs {
            let key = PairKey.mapped(pair, through: oldIDs)
            let part = Self.pairPart(key)
            // Taken out of the table and put back, so the array is changed in place, not copied.
            guard var documents = pairParts[part].removeValue(forKey: key), let place = Self.place(of: document, in: documents) else { return false }
            documents.remove(at: place)
            if !documents.isEmpty { pairParts[part].updateValue(documents, forKey: key) }
        }
        let newIDs = new.terms.map { Int32(id(of: $0)) }
        for (position, id) in newIDs.enumerated() {
            let place = Self.firstPlace(of: document, in: postings[Int(id)].documents)
            postings[Int(id)].documents.insert(document, at: place)
            postings[Int(id)].counts.insert(contentsOf: new.counts(of: position).map { UInt8(min(255, $0)) }, at: place * fields)
        }
        for pair in new.pairs {
            let key = PairKey.mapped(pair, through: newIDs)
            let part = Self.pairPart(key)
            var documents = pairParts[part].removeValue(forKey: key) ?? []
            documents.insert(document, at: Self.firstPlace(of: document, in: documents))
            pairParts[part].updateValue(documents, forKey: key)
        }
        lengths.replaceSubrange(number * fields..<(number + 1) * fields, with: new.lengths.map { Int32($0) })
        var gone = false
        old.wordPositions.forEach { word, position in
            guard position != DocumentTerms.stopWord else { return }
            guard let count = wordDocuments[word], count > 0 else { return gone = true }
            wordDocuments[word] = count == 1 ? nil : count - 1
            if count == 1 { words[word] = nil }
        }
        var added: [String: WordUse] = [:]
        new.collectWords(into: &added)
        add(words: added)
        return !gone
    }

    func term(_ id: Int) -> String { terms[id] }
    func id(ofTerm term: String) -> Int? { numbers.number(of: term) }

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

    /// Where `document` is in ascending `documents`, if it is there.
    private static func place(of document: Int32, in documents: [Int32]) -> Int? {
        let place = firstPlace(of: document, in: documents)
        return place < documents.count && documents[place] == document ? place : nil
    }

    /// The first place in ascending `documents` whose document is not below `document`.
    static func firstPlace(of document: Int32, in documents: [Int32]) -> Int {
        var (low, high) = (0, documents.count)
        while low < high {
            let middle = (low + high) / 2
            if documents[middle] < document { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func id(of term: String) -> Int {
        let id = numbers.number(of: term, orInsert: terms.count)
        guard id == terms.count else { return id }
        terms.append(term)
        postings.append(Postings())
        return id
    }
}
