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

/// A section's text as whitespace-separated tokens, each with the terms of its words.
private struct ScannedText {
    let text: String
    /// UTF-8 offsets of each token in `text`.
    var tokens: [Range<Int>] = []
    /// UTF-16 length of each token.
    var lengths: [Int] = []
    /// Terms of token i: `terms[firstTerm[i] ..< firstTerm[i + 1]]`.
    var firstTerm: [Int] = [0]
    var terms: [Int32] = []

    init(_ text: String) { self.text = text }

    /// Room for the tokens of a text of `bytes` bytes, as most prose has them.
    mutating func reserve(_ bytes: Int) {
        tokens.reserveCapacity(bytes / 5 + 1)
        lengths.reserveCapacity(bytes / 5 + 1)
        firstTerm.reserveCapacity(bytes / 5 + 2)
        terms.reserveCapacity(bytes / 5 + 1)
    }

    /// The token `range` of the text, `length` UTF-16 code units long, holds the terms added since the last.
    mutating func endToken(_ range: Range<Int>, length: Int) {
        tokens.append(range)
        lengths.append(length)
        firstTerm.append(terms.count)
    }

    /// Characters of the text with single spaces between tokens.
    var length: Int { lengths.reduce(0, +) + max(0, tokens.count - 1) }

    /// Tokens `range` with one space between each two, copied as bytes (each token ends at
    /// white space, so it is whole UTF-8).
    func joined(_ range: Range<Int>) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var joined: [UInt8] = []
            joined.reserveCapacity(range.isEmpty ? 0 : tokens[range.upperBound - 1].upperBound - tokens[range.lowerBound].lowerBound)
            for token in range {
                if token > range.lowerBound { joined.append(UInt8(ascii: " ")) }
                joined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tokens[token]]))
            }
            return String(decoding: joined, as: UTF8.self)
        }
    }

    /// The run of whole tokens of at most `budget` characters (counting one space between tokens
    /// and a `…` at each end that cuts text) whose distinct terms weigh most; ties go to the
    /// earlier. One pass: the window's end only moves forward as its start does.
    func best(within budget: Int, numbering local: inout [Int32], weight: (Int32) -> Float) -> (text: String, terms: [Int32]) {
        if length <= budget { return (joined(0..<tokens.count), terms) }
        // Terms numbered densely for this section, with their weights and counts in the window;
        // `local` (all -1 between calls) holds each term's number while this runs.
        var weights: [Float] = []
        let numbered = terms.map { term -> Int in
            if local[Int(term)] >= 0 { return Int(local[Int(term)]) }
            local[Int(term)] = Int32(weights.count)
            weights.append(weight(term))
            return weights.count - 1
        }
        defer { for term in terms { local[Int(term)] = -1 } }
        var counts = [Int](repeating: 0, count: weights.count)
        var best = (score: Float(-1), start: 0, end: 0)
        var end = 0, used = 0, score: Float = 0
        // Width of tokens start..<end: the tokens, the spaces between them and the ellipses.
        func width(_ start: Int, _ end: Int, _ tokensWidth: Int) -> Int {
            tokensWidth + max(0, end - start - 1) + (start > 0 ? 1 : 0) + (end < tokens.count ? 1 : 0)
        }
        for start in tokens.indices {
            if end < start { end = start; used = 0; score = 0 }
            while end < tokens.count, width(start, end + 1, used + lengths[end]) <= budget {
                for position in firstTerm[end]..<firstTerm[end + 1] {
                    let term = numbered[position]
                    if counts[term] == 0 { score += weights[term] }
                    counts[term] += 1
                }
                used += lengths[end]
                end += 1
            }
            if end > start, score > best.score { best = (score, start, end) }
            if end > start {
                for position in firstTerm[start]..<firstTerm[start + 1] {
                    let term = numbered[position]
                    counts[term] -= 1
                    if counts[term] == 0 { score -= weights[term] }
                }
                used -= lengths[start]
            }
        }
        guard best.end > best.start else { return (Excerpt.cut(joined(0..<tokens.count), length: budget), []) }
        var text = joined(best.start..<best.end)
        if best.end < tokens.count { text = Excerpt.trimmed(text) + "…" }
        if best.start > 0 { text = "…" + text }
        return (text, Array(terms[firstTerm[best.start]..<firstTerm[best.end]]))
    }
}

private extension Excerpt {
    /// Most text is ASCII: one pass over its bytes, words looked up as bytes (`SearchTokenizer`
    /// rule 1); other text goes through the tokenizer token by token.
    mutating func scan(_ text: String) -> ScannedText {
        var scanned = ScannedText(text)
        let words = weights.words
        let ascii: Void? = SearchTokenizer.withASCIIBytes(text) { bytes in Self.scan(ascii: bytes, words: words, into: &scanned) }
        if ascii == nil {
            let utf8 = text.utf8
            for token in text.split(whereSeparator: \.isWhitespace) {
                for word in tokenizer.words(String(token)) {
                    var word = word
                    if let term = word.withUTF8({ words.value(for: $0) }) { scanned.terms.append(term) }
                }
                let range = utf8.distance(from: utf8.startIndex, to: token.startIndex)..<utf8.distance(from: utf8.startIndex, to: token.endIndex)
                scanned.endToken(range, length: token.utf16.count)
            }
        }
        return scanned
    }

    /// Tokens end at white space; words are cut inside them as `forEachASCIIWord` cuts them. Every
    /// byte of every section comes through here: one loop, no helper that captures what it fills.
    static func scan(ascii bytes: UnsafeBufferPointer<UInt8>, words: WordTable, into scanned: inout ScannedText) {
        scanned.reserve(bytes.count)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SearchTokenizer.maximumLength) { word in
            var start = -1, length = 0, tooLong = false
            for position in 0...bytes.count {
                let byte = position < bytes.count ? bytes[position] : 0x20
                switch byte {
                case 0x61...0x7A, 0x30...0x39:
                    if length == SearchTokenizer.maximumLength { tooLong = true } else { word[length] = byte; length += 1 }
                case 0x41...0x5A:
                    if length == SearchTokenizer.maximumLength { tooLong = true } else { word[length] = byte | 0x20; length += 1 }
                case 0x27:
                    break  // apostrophe: dropped, never a separator
                default:
                    // The end of a word: at white space, the end of a token too.
                    if length > 0, !tooLong, let term = words.value(for: UnsafeBufferPointer(rebasing: word[0..<length])) {
                        scanned.terms.append(term)
                    }
                    length = 0
                    tooLong = false
                    guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else { break }
                    if start >= 0 { scanned.endToken(start..<position, length: position - start) }
                    start = -1
                    continue
                }
                if start < 0 { start = position }
            }
        }
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
