import Foundation

/// The stored excerpts of a document's sections, for result snippets. The index keeps a short
/// passage per heading section rather than the text, and a budget per document: ten results may
/// come from ten document shards, so every byte of a document is paid ten times by a first query.
///
/// Which passage: a query finds a document through the words that weigh most in it, so each
/// section keeps the window of words with the most weight (inverse document frequency, more for a
/// word the document repeats, less for one its title or summary already shows or an earlier
/// excerpt holds). The start of a section is often filler; the words a reader searched for are
/// more often in the middle, and a snippet without them looks like a wrong result.
struct Excerpt {
    /// Characters (UTF-16 code units, as JavaScript counts) per section at most, and per document in all.
    static let length = 160
    static let documentBudget = 480
    /// A section gets at least this much, however many sections the document has.
    static let minimumLength = 48
    /// Words that some document has in its title, tags or headings are what readers search for.
    static let topicalWeight: Float = 2

    /// Folded word → its term's id, and each term's inverse document frequency, for the whole
    /// index. Words are looked up as bytes: every word of every section is looked up.
    struct Weights: @unchecked Sendable {
        /// Word → its term's id. Read only once built, so shared by every thread.
        fileprivate let words: WordTable
        /// By term id; 0 for a term that no word leads to.
        fileprivate let idf: [Float]

        init(index: InvertedIndex) {
            let count = Double(index.documentCount)
            var words = WordTable(capacity: index.words.count)
            var idf = [Float](repeating: 0, count: index.terms.count)
            var known = [Bool](repeating: false, count: index.terms.count)
            for (word, term) in index.words.sorted(by: { $0.key < $1.key }) {
                guard let id = index.id(ofTerm: term) else { continue }
                if !known[id] {
                    let postings = index.postings[id]
                    let documents = Double(postings.documents.count)
                    let weight = Self.rounded(Float(log(1 + (count - documents + 0.5) / (documents + 0.5))))
                    let topical = postings.documents.indices.contains { posting in
                        postings.count(posting, in: .title) > 0 || postings.count(posting, in: .tags) > 0 || postings.count(posting, in: .headings) > 0
                    }
                    idf[id] = topical ? weight * Excerpt.topicalWeight : weight
                    known[id] = true
                }
                var word = word
                word.withUTF8 { words.insert($0, value: Int32(id)) }
            }
            self.words = words
            self.idf = idf
        }

        /// Weights in steps of 1/16: finer than any choice of passage needs, and coarse enough that
        /// one document more or less, or one more with a word, seldom moves a weight, so the excerpts
        /// of most documents stay in the build cache after an edit (`documentKeys`).
        static func rounded(_ weight: Float) -> Float { (weight * 16).rounded() / 16 }
    }

    let weights: Weights
    var tokenizer: SearchTokenizer
    /// Per term id, reused from document to document (and left all zero): how often the document
    /// repeats a term, and whether a result shows it already. Arrays, not hash tables: every word
    /// of every section goes through them.
    private var repeats: [Int32]
    private var seen: [Bool]
    /// Per term id: the term's number within one section while its best window is found, or -1.
    private var local: [Int32]

    init(weights: Weights, tokenizer: SearchTokenizer) {
        self.weights = weights
        self.tokenizer = tokenizer
        repeats = [Int32](repeating: 0, count: weights.idf.count)
        seen = [Bool](repeating: false, count: weights.idf.count)
        local = [Int32](repeating: -1, count: weights.idf.count)
    }

    /// `[heading, excerpt]`, plus the heading id as a third element when a browser could not
    /// derive it from an ASCII heading (GitHub's slug: lowercase, spaces to `-`, other
    /// punctuation dropped). The text before the first heading has heading "". `shown`: text the
    /// result shows anyway (title, summary), whose words an excerpt need not repeat.
    mutating func sections(of sections: [MarkdownDocument.Section], shown: [String]) -> [[String]] {
        let kept = sections.filter { $0.headingID != nil || !$0.text.isEmpty }
        var scanned: [ScannedText] = []
        for section in kept { scanned.append(scan(section.text)) }
        let budgets = Self.share(Self.documentBudget, among: scanned.map(\.length))
        let shownTerms = shown.flatMap { scan($0).terms }
        for section in scanned { for term in section.terms { repeats[Int(term)] += 1 } }
        for term in shownTerms { seen[Int(term)] = true }
        let idf = weights.idf
        var entries: [[String]] = []
        var excerpted: [Int32] = []
        for (section, (words, budget)) in zip(kept, zip(scanned, budgets)) {
            let excerpt = words.best(within: budget, numbering: &local) { term in
                idf[Int(term)] * (1 + log(Float(max(1, repeats[Int(term)])))) * (seen[Int(term)] ? 0.15 : 1)
            }
            for term in excerpt.terms { seen[Int(term)] = true }
            excerpted += excerpt.terms
            var entry = [section.heading, excerpt.text]
            if let id = section.headingID, !(section.heading.utf8.allSatisfy { $0 < 0x80 } && id == HeadingIDs.slug(section.heading)) {
                entry.append(id)
            }
            entries.append(entry)
        }
        for section in scanned { for term in section.terms { repeats[Int(term)] = 0 } }
        for term in shownTerms + excerpted { seen[Int(term)] = false }
        return entries
    }
}

private extension Excerpt {
    /// Splits `budget` among sections of these lengths: a short section keeps all of its text and
    /// leaves the rest to the longer ones, each between `minimumLength` and `length`.
    static func share(_ budget: Int, among lengths: [Int]) -> [Int] {
        var shares = [Int](repeating: 0, count: lengths.count)
        var open = lengths.indices.sorted { lengths[$0] < lengths[$1] }, left = budget
        while let shortest = open.first {
            let fair = max(minimumLength, min(length, left / open.count))
            if lengths[shortest] <= fair {
                shares[shortest] = lengths[shortest]
                left -= lengths[shortest]
                open.removeFirst()
            } else {
                for index in open { shares[index] = fair }
                break
            }
        }
        return shares
    }
}

private extension Excerpt {
    /// Most text is ASCII: one pass over its bytes, words looked up as bytes (`SearchTokenizer`
    /// rule 1); other text goes through the tokenizer token by token.
    mutating func scan(_ text: String) -> ScannedText {
        let words = weights.words
        if let ascii = SearchTokenizer.withASCIIBytes(text, { ScannedText(ascii: $0, of: text, words: words) }) { return ascii }
        var scanned = ScannedText(text)
        let utf8 = text.utf8
        for token in text.split(whereSeparator: \.isWhitespace) {
            for word in tokenizer.words(String(token)) {
                var word = word
                if let term = word.withUTF8({ words.value(for: $0) }) { scanned.append(term: term) }
            }
            let range = utf8.distance(from: utf8.startIndex, to: token.startIndex)..<utf8.distance(from: utf8.startIndex, to: token.endIndex)
            scanned.endToken(range, length: token.utf16.count)
        }
        return scanned
    }
}

extension Excerpt {
    /// At most `length` characters, cut at a space, with `…` when something was cut.
    static func cut(_ text: String, length: Int) -> String {
        guard text.count > length else { return text }
        let head = text.prefix(length - 1)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return trimmed(String(cut)) + "…"
    }

    /// Without the spaces and light punctuation that should not come before `…`.
    static func trimmed(_ text: String) -> String {
        var end = text.endIndex
        while end > text.startIndex, " ,;:".contains(text[text.index(before: end)]) { end = text.index(before: end) }
        return String(text[..<end])
    }
}

/// A document's excerpts in the build cache.
extension Excerpt {
    static func write(_ sections: [[String]], to writer: inout BinaryWriter) {
        writer.write(sections.count)
        for section in sections { writer.write(section) }
    }

    static func readSections(_ reader: inout BinaryReader) throws -> [[String]] {
        try (0..<reader.readCount()).map { _ in try reader.readStrings() }
    }
}

extension Excerpt.Weights {
    /// For each document, a hash of the weight of every term it has. With the document's own
    /// source it names all that its excerpts are chosen from: their key in the build cache. A
    /// change elsewhere that moves the weight of one of its terms changes the key; any other does not.
    func documentKeys(_ index: InvertedIndex) -> [ContentHash] {
        var high = [UInt64](repeating: 0, count: index.documentCount)
        var low = high
        for (id, postings) in index.postings.enumerated() {
            var hasher = ContentHasher()
            hasher.add(index.term(id))
            hasher.add(Int(idf[id].bitPattern))
            let term = hasher.finish()
            // A sum, so the order the terms come in does not matter.
            for document in postings.documents {
                high[Int(document)] &+= term.high
                low[Int(document)] &+= term.low
            }
        }
        return zip(high, low).map { ContentHash(high: $0, low: $1) }
    }
}
