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

    /// Folded word → its term's id and inverse document frequency, for the whole index.
    struct Weights: Sendable {
        fileprivate let words: [String: (term: Int32, idf: Float)]

        init(index: InvertedIndex) {
            let count = Double(index.documentCount)
            var words: [String: (term: Int32, idf: Float)] = [:]
            words.reserveCapacity(index.words.count)
            var weights = [Float?](repeating: nil, count: index.terms.count)
            for (word, term) in index.words {
                guard let id = index.id(ofTerm: term) else { continue }
                if weights[id] == nil {
                    let postings = index.postings[id]
                    let documents = Double(postings.documents.count)
                    let idf = Float(log(1 + (count - documents + 0.5) / (documents + 0.5)))
                    let topical = postings.documents.indices.contains { posting in
                        postings.count(posting, in: .title) > 0 || postings.count(posting, in: .tags) > 0 || postings.count(posting, in: .headings) > 0
                    }
                    weights[id] = topical ? idf * Excerpt.topicalWeight : idf
                }
                words[word] = (Int32(id), weights[id]!)
            }
            self.words = words
        }
    }

    let weights: Weights
    var tokenizer: SearchTokenizer

    /// `[heading, excerpt]`, plus the heading id as a third element when a browser could not
    /// derive it from an ASCII heading (GitHub's slug: lowercase, spaces to `-`, other
    /// punctuation dropped). The text before the first heading has heading "". `shown`: text the
    /// result shows anyway (title, summary), whose words an excerpt need not repeat.
    mutating func sections(of body: MarkdownDocument, shown: [String]) -> [[String]] {
        let kept = body.sections.filter { $0.headingID != nil || !$0.text.isEmpty }
        var scanned: [ScannedText] = []
        for section in kept { scanned.append(scan(section.text)) }
        let budgets = Self.share(Self.documentBudget, among: scanned.map(\.length))
        var repeats: [Int32: Int] = [:]
        for section in scanned { for term in section.terms { repeats[term, default: 0] += 1 } }
        var seen = Set<Int32>()
        for text in shown { seen.formUnion(scan(text).terms) }
        return zip(kept, zip(scanned, budgets)).map { section, scannedBudget in
            let (words, budget) = scannedBudget
            let excerpt = words.best(within: budget) { term in
                guard let weight = words.idf[term] else { return 0 }
                return weight * (1 + log(Float(repeats[term] ?? 1))) * (seen.contains(term) ? 0.15 : 1)
            }
            seen.formUnion(excerpt.terms)
            var entry = [section.heading, excerpt.text]
            if let id = section.headingID, !(section.heading.utf8.allSatisfy { $0 < 0x80 } && id == HeadingIDs.slug(section.heading)) {
                entry.append(id)
            }
            return entry
        }
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
    var tokens: [Range<String.Index>] = []
    /// UTF-16 length of each token.
    var lengths: [Int] = []
    /// Terms of token i: `terms[firstTerm[i] ..< firstTerm[i + 1]]`.
    var firstTerm: [Int] = [0]
    var terms: [Int32] = []
    var idf: [Int32: Float] = [:]

    init(_ text: String) { self.text = text }

    /// Characters of the text with single spaces between tokens.
    var length: Int { lengths.reduce(0, +) + max(0, tokens.count - 1) }

    func joined(_ range: Range<Int>) -> String {
        range.map { text[tokens[$0]] }.joined(separator: " ")
    }

    /// The run of whole tokens of at most `budget` characters (counting one space between tokens
    /// and a `…` at each end that cuts text) whose distinct terms weigh most; ties go to the
    /// earlier. One pass: the window's end only moves forward as its start does.
    func best(within budget: Int, weight: (Int32) -> Float) -> (text: String, terms: [Int32]) {
        if length <= budget { return (joined(0..<tokens.count), terms) }
        // Terms numbered densely for this section, with their weights and counts in the window.
        var local: [Int32: Int] = [:], weights: [Float] = []
        let numbered = terms.map { term -> Int in
            if let known = local[term] { return known }
            local[term] = weights.count
            weights.append(weight(term))
            return weights.count - 1
        }
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
    /// Most text is ASCII: one pass over its bytes; other text goes through the tokenizer token by token.
    mutating func scan(_ text: String) -> ScannedText {
        var scanned = ScannedText(text)
        func add(word: String) {
            guard let known = weights.words[word] else { return }
            scanned.terms.append(known.term)
            scanned.idf[known.term] = known.idf
        }
        func endToken(_ token: Range<String.Index>, length: Int) {
            scanned.tokens.append(token)
            scanned.lengths.append(length)
            scanned.firstTerm.append(scanned.terms.count)
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = text.utf8
            var word: [UInt8] = [], tokenStart: String.Index?
            var position = bytes.startIndex
            func endWord() {
                if !word.isEmpty, word.count <= SearchTokenizer.maximumLength { add(word: String(decoding: word, as: UTF8.self)) }
                word.removeAll(keepingCapacity: true)
            }
            while position < bytes.endIndex {
                let byte = bytes[position]
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                    endWord()
                    if let start = tokenStart { endToken(start..<position, length: bytes.distance(from: start, to: position)) }
                    tokenStart = nil
                } else {
                    if tokenStart == nil { tokenStart = position }
                    switch byte {
                    case 0x61...0x7A, 0x30...0x39: word.append(byte)
                    case 0x41...0x5A: word.append(byte + 0x20)
                    case 0x27: break
                    default: endWord()
                    }
                }
                position = bytes.index(after: position)
            }
            endWord()
            if let start = tokenStart { endToken(start..<text.endIndex, length: bytes.distance(from: start, to: bytes.endIndex)) }
        } else {
            for token in text.split(whereSeparator: \.isWhitespace) {
                for word in tokenizer.words(String(token)) { add(word: word) }
                endToken(token.startIndex..<token.endIndex, length: token.utf16.count)
            }
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
