import Foundation

/// The merged search index as a build left it, for the next build to patch instead of merging
/// every page's terms again (`SearchIndexBuilder.index`). Kept in the memo `index.memo`, in parts
/// of about a megabyte, so that neither writing nor reading it holds a second copy of a large
/// site's index:
///
///     header       format, each document's key, the field lengths, the terms, the words,
///                  how many parts of postings and of pairs follow
///     postings N   for each of a run of terms: its documents and their counts
///     pairs N      for each of a run of pairs: its two terms, its documents and their facts
///                  (`PairTable.Facts`)
///     entries      the key of the scorer, and for each term the facts of its entry in the term
///                  shards (`ScoredTerms`)
///
/// Terms are numbered in `order`; a term no document has any more is left out. Each part starts
/// with a hash of the rest, and everything read back is checked (ids in range, documents
/// ascending), so a damaged snapshot is never trusted: it is ignored, and the index merged afresh.
struct IndexSnapshot {
    private let memo: MemoFile
    private let header: Header
    /// The index and its terms' facts once read (`read()`).
    private var ahead: ReadAhead?

    /// The index read ahead is handed over once, to the first `index()`, and let go of here: the
    /// index a build patches must hold the only reference to its arrays, or changing one copies it.
    private final class ReadAhead: @unchecked Sendable {
        private let lock = NSLock()
        private var index: InvertedIndex??
        let terms: ScoredTerms?

        init(index: InvertedIndex?, terms: ScoredTerms?) {
            self.index = .some(index)
            self.terms = terms
        }

        func take() -> InvertedIndex?? {
            lock.withLock {
                defer { index = nil }
                return index
            }
        }
    }

    private struct Header {
        var keys: [ContentHash]
        var lengths: [Int32]
        /// Strictly ascending by `ShardPacker.precedes`: terms are numbered in `order`.
        var terms: [String]
        var words: [String: InvertedIndex.WordUse]
        var postingParts: Int
        var pairParts: Int
    }

    /// The key of each document's terms in `terms.memo` (its source's hash), in document order.
    var keys: [ContentHash] { header.keys }

    static let format = 2
    static let partBytes = 1 << 20

    /// `scored`: the term shards' facts of `index`'s terms, by rank (`SearchIndexBuilder.files`).
    static func write(_ index: InvertedIndex, keys: [ContentHash], scored: ScoredTerms, to memo: MemoWriter) {
        let (fields, number) = (DocumentTerms.fieldCount, index.ranks)
        memo.addSealed(key("entries", 0)) { writer in
            writer.write(scored.scorer)
            writer.write(scored.facts.count)
            for facts in scored.facts {
                writer.write(facts.hash)
                writer.write(facts.encodedLength)
            }
        }
        let postingParts = parts(of: index.order) { index.postings[$0].documents.count * (4 + fields) + 8 }
        for (part, ids) in postingParts.enumerated() {
            memo.addSealed(key("postings", part)) { writer in
                for id in ids {
                    let postings = index.postings[id]
                    writer.write(postings.documents.count)
                    postings.documents.withUnsafeBytes { writer.write(raw: $0) }
                    postings.counts.withUnsafeBytes { writer.write(raw: $0) }
                }
            }
        }
        let pairs = index.pairs
        let pairParts = parts(of: Array(pairs.indices)) { pairs[$0].documents.count * 4 + 30 }
        for (part, members) in pairParts.enumerated() {
            memo.addSealed(key("pairs", part)) { writer in
                writer.write(members.count)
                for member in members {
                    let (key, documents, facts) = pairs[member]
                    let (first, second) = PairKey.halves(PairKey.mapped(key, through: number))
                    writer.write(first)
                    writer.write(second)
                    writer.write(documents.count)
                    documents.withUnsafeBytes { writer.write(raw: $0) }
                    writer.write(facts.encodedLength)
                    writer.write(facts.hash)
                }
            }
        }
        memo.addSealed(key("header", 0)) { writer in
            writer.write(format)
            writer.write(keys.count)
            for key in keys {
                writer.write(key)
            }
            index.lengths.withUnsafeBytes { writer.write(raw: $0) }
            writer.write(index.order.map { index.terms[$0] })
            writer.write(index.words.count)
            for (word, term) in index.words.sorted(by: { $0.key < $1.key }) {
                writer.write(word)
                writer.write(Int(number[index.id(ofTerm: term)!]))
                writer.write(Int(index.wordDocuments[word] ?? 0))
            }
            writer.write(postingParts.count)
            writer.write(pairParts.count)
        }
    }

    /// The snapshot in `memo`, or nil when there is none or its header does not read back whole.
    /// Only the header is read here (the documents' keys, lengths, terms and words); the postings
    /// and pairs, when `index()` asks for them.
    init?(_ memo: MemoFile) {
        let fields = DocumentTerms.fieldCount
        let header: Header? = memo.sealed(for: Self.key("header", 0)) { reader in
            guard try reader.readInt() == Self.format else { throw BinaryReader.Damaged() }
            let count = try reader.readCount()
            let keys = try (0..<count).map { _ in try reader.read(ContentHash.self) }
            let lengths: [Int32] = try reader.readValues(count * fields)
            let terms = try reader.readStrings()
            guard lengths.allSatisfy({ $0 >= 0 }), zip(terms, terms.dropFirst()).allSatisfy({ ShardPacker.precedes($0, $1) }) else { throw BinaryReader.Damaged() }
            var words: [String: InvertedIndex.WordUse] = [:]
            for _ in 0..<(try reader.readCount()) {
                let (word, term, documents) = (try reader.readString(), try reader.readInt(), try reader.readInt())
                guard terms.indices.contains(term), documents > 0, documents <= count else { throw BinaryReader.Damaged() }
                words[word] = .init(term: terms[term], documents: Int32(documents))
            }
            // Counts of entries elsewhere in the memo, not in what is left to read here.
            let (postingParts, pairParts) = (try reader.readInt(), try reader.readInt())
            guard postingParts >= 0, pairParts >= 0, postingParts <= memo.count, pairParts <= memo.count else { throw BinaryReader.Damaged() }
            return Header(keys: keys, lengths: lengths, terms: terms, words: words, postingParts: postingParts, pairParts: pairParts)
        }
        guard let header else { return nil }
        self.memo = memo
        self.header = header
    }

    /// The same snapshot with its index and its terms' facts read now: a rebuild reads them beside
    /// loading and parsing, on a core those leave idle, before it knows whether it can patch.
    func read() -> IndexSnapshot {
        var read = self
        read.ahead = ReadAhead(index: index(), terms: scoredTerms())
        return read
    }

    /// What the build that wrote the snapshot knew of its terms' entries, by rank then (so by
    /// term id in the index read back); nil when that does not read back whole.
    func scoredTerms() -> ScoredTerms? {
        if let ahead { return ahead.terms }
        return memo.sealed(for: Self.key("entries", 0)) { reader in
            let scorer = try reader.read(ContentHash.self)
            let count = try reader.readCount()
            guard count == header.terms.count else { throw BinaryReader.Damaged() }
            var facts: [ShardEntryFacts] = []
            facts.reserveCapacity(count)
            for _ in 0..<count {
                let (hash, size) = (try reader.read(ContentHash.self), try reader.readInt())
                guard size > 0 else { throw BinaryReader.Damaged() }
                facts.append(ShardEntryFacts(encodedLength: size, hash: hash))
            }
            return ScoredTerms(scorer: scorer, facts: facts)
        }
    }

    /// The index, read from the snapshot's other parts (on every core); nil when any of them does
    /// not read back whole or does not fit the header.
    func index() -> InvertedIndex? {
        if let ahead, let taken = ahead.take() { return taken }
        let fields = DocumentTerms.fieldCount
        let (memo, documentCount, termCount) = (self.memo, header.keys.count, header.terms.count)
        @Sendable func documents(_ reader: inout BinaryReader, _ count: Int) throws -> [Int32] {
            let documents: [Int32] = try reader.readValues(count)
            guard !documents.isEmpty, documents[0] >= 0, documents[documents.count - 1] < documentCount,
                  zip(documents, documents.dropFirst()).allSatisfy({ $0 < $1 }) else { throw BinaryReader.Damaged() }
            return documents
        }
        let postingParts = concurrentMap(header.postingParts) { part -> [InvertedIndex.Postings]? in
            memo.sealed(for: Self.key("postings", part)) { reader in
                var postings: [InvertedIndex.Postings] = []
                while !reader.isAtEnd {
                    let count = try reader.readCount()
                    postings.append(.init(documents: try documents(&reader, count), counts: Array(try reader.readRaw(count * fields))))
                }
                return postings
            }
        }
        // Each stored part's pairs sorted into the index's parts as they are read (`pairRuns`).
        var pairParts = concurrentMap(header.pairParts) { part -> [[InvertedIndex.StoredPair]]? in
            memo.sealed(for: Self.key("pairs", part)) { reader in
                var byPart = [[InvertedIndex.StoredPair]](repeating: [], count: InvertedIndex.pairPartCount)
                for _ in 0..<(try reader.readCount()) {
                    let (first, second, count) = (try reader.readInt(), try reader.readInt(), try reader.readCount())
                    guard (0..<termCount).contains(first), (0..<termCount).contains(second) else { throw BinaryReader.Damaged() }
                    let pairDocuments = try documents(&reader, count)
                    let facts = PairTable.Facts(encodedLength: try reader.readInt(), hash: try reader.read(ContentHash.self))
                    guard facts.encodedLength > 0 else { throw BinaryReader.Damaged() }
                    let key = PairKey.make(first, second)
                    byPart[InvertedIndex.pairPart(key)].append((key, pairDocuments, facts))
                }
                return byPart
            }
        }
        guard postingParts.allSatisfy({ $0 != nil }), pairParts.allSatisfy({ $0 != nil }) else { return nil }
        let postings = postingParts.flatMap { $0! }
        guard postings.count == termCount else { return nil }
        // Moved out, so that each part's pairs have one owner, which the index takes them from.
        let pairRuns = pairParts.indices.map { pairParts[$0].take()! }
        return InvertedIndex(sortedTerms: header.terms, postings: postings, pairRuns: consume pairRuns, words: header.words, lengths: header.lengths)
    }
}

private extension IndexSnapshot {
    static func key(_ part: String, _ number: Int) -> ContentHash { ContentHash("index snapshot \(format) \(part) \(number)") }

    /// `members` in runs of about `partBytes`, by each one's `size`.
    static func parts(of members: [Int], size: (Int) -> Int) -> [[Int]] {
        ShardPacker.pack(sizes: members.map(size), target: partBytes).map { Array(members[$0]) }
    }
}
