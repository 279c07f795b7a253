/// One document's text as the index sees it: how often each term occurs in each field, each
/// field's length in terms, the pairs of adjacent terms (for phrases) and the words behind the terms.
struct DocumentTerms: Sendable {
    /// Distinct terms in first-seen order; `counts` and `pairs` refer to them by position.
    private(set) var terms: [String] = []
    /// `counts[position * fieldCount + field]`: occurrences of a term in a field.
    private(set) var counts: [UInt32] = []
    /// Terms per field, in `SearchField` order.
    private(set) var lengths = [Int](repeating: 0, count: SearchField.allCases.count)
    /// Adjacent terms within one title, tag, heading or section, as `first << 32 | second` positions;
    /// with repeats until `finish()` (appending and sorting once beats hashing every token).
    private(set) var pairs: [UInt64] = []
    /// Folded word → position of its term, or `stopWord`: each distinct word of the document is
    /// looked up once, however often it occurs (most tokens are repeats).
    private(set) var wordPositions = WordTable()
    /// Term → position while text is added.
    private var positions = TermNumbers()
    /// Scratch for `add`: the positions of one stretch's terms.
    private var stretch: [Int32] = []
    static let stopWord: Int32 = -1

    init() {}

    /// A finished document, as the build cache stores it (`DocumentTerms+Binary.swift`); more
    /// text cannot be added to it.
    init(terms: [String], counts: [UInt32], lengths: [Int], pairs: [UInt64], wordPositions: WordTable) {
        self.terms = terms
        self.counts = counts
        self.lengths = lengths
        self.pairs = pairs
        self.wordPositions = wordPositions
    }

    /// Counts this document for each of its folded words in `words` (the word list that prefix
    /// search and typo correction use), with the word's term.
    func collectWords(into words: inout [String: InvertedIndex.WordUse]) {
        let terms = self.terms
        wordPositions.forEach { word, position in
            if position != Self.stopWord { words[word, default: InvertedIndex.WordUse(term: terms[Int(position)], documents: 0)].documents += 1 }
        }
    }

    /// Sorts the pairs and drops repeats; call once, after the last `add`.
    mutating func finish() {
        (positions, stretch) = (TermNumbers(capacity: 0), [])
        pairs.sort()
        var unique = 0
        for pair in pairs where unique == 0 || pairs[unique - 1] != pair {
            pairs[unique] = pair
            unique += 1
        }
        pairs.removeLast(pairs.count - unique)
    }

    static let fieldCount = SearchField.allCases.count

    func count(of position: Int, in field: SearchField) -> UInt32 {
        counts[position * Self.fieldCount + field.index]
    }

    /// A term's counts in every field, in `SearchField` order.
    func counts(of position: Int) -> ArraySlice<UInt32> {
        counts[position * Self.fieldCount..<(position + 1) * Self.fieldCount]
    }

    /// Adds one stretch of text. Pairs never span two stretches: a title and a tag, or two
    /// sections, are not adjacent words.
    mutating func add(_ text: String, to field: SearchField, with tokenizer: inout SearchTokenizer) {
        // The stretch's terms are looked up word by word, then counted and paired in one pass:
        // every word of every page comes through here.
        var stretch = self.stretch
        self.stretch = []  // `stretch` is now the array's only owner, changed in place
        stretch.removeAll(keepingCapacity: true)
        // Most content is ASCII: words are cut and looked up as bytes (`SearchTokenizer` rule 1).
        let wasASCII: Void? = SearchTokenizer.withASCIIBytes(text) { bytes in
            SearchTokenizer.forEachASCIIWord(bytes) { word in
                let position = self.position(ofWord: word, tokenizer: &tokenizer)
                if position != Self.stopWord { stretch.append(position) }
            }
        }
        if wasASCII == nil {
            for word in tokenizer.words(text) {
                var word = word
                let position = word.withUTF8 { self.position(ofWord: WordTable.Key($0), tokenizer: &tokenizer) }
                if position != Self.stopWord { stretch.append(position) }
            }
        }
        count(stretch, in: field)
        self.stretch = stretch
    }

    /// The position of a folded word's term, or `stopWord`; each distinct word of the document
    /// goes to the tokenizer once.
    private mutating func position(ofWord word: WordTable.Key, tokenizer: inout SearchTokenizer) -> Int32 {
        if let known = wordPositions.value(for: word) { return known }
        let stored = tokenizer.term(ofWord: word).map { Int32(position(of: $0)) } ?? Self.stopWord
        wordPositions.insert(word, value: stored)
        return stored
    }

    /// Counts the terms of one stretch in `field`, and pairs each with the next.
    private mutating func count(_ stretch: [Int32], in field: SearchField) {
        lengths[field.index] += stretch.count
        let (fields, column) = (Self.fieldCount, field.index)
        counts.withUnsafeMutableBufferPointer { counts in
            for position in stretch { counts[Int(position) * fields + column] += 1 }
        }
        guard stretch.count > 1 else { return }
        pairs.append(contentsOf: (1..<stretch.count).lazy.map { PairKey.make(Int(stretch[$0 - 1]), Int(stretch[$0])) })
    }

    private mutating func position(of term: String) -> Int {
        let position = positions.number(of: term, orInsert: terms.count)
        return position < terms.count ? position : append(term)
    }

    private mutating func append(_ term: String) -> Int {
        terms.append(term)
        for _ in 0..<Self.fieldCount { counts.append(0) }
        return terms.count - 1
    }
}

/// Two adjacent terms as one number, `first << 32 | second`: positions within a document
/// (`DocumentTerms.pairs`) or term ids (`InvertedIndex`).
enum PairKey {
    static func make(_ first: Int, _ second: Int) -> UInt64 { UInt64(first) << 32 | UInt64(second) }
    static func halves(_ key: UInt64) -> (first: Int, second: Int) { (Int(key >> 32), Int(key & 0xFFFF_FFFF)) }
    /// A document's pair of positions as the pair of its terms' numbers in `numbers`.
    static func mapped(_ key: UInt64, through numbers: [Int32]) -> UInt64 {
        let (first, second) = halves(key)
        return make(Int(numbers[first]), Int(numbers[second]))
    }
}

extension SearchField {
    var index: Int {
        switch self {
        case .title: 0
        case .tags: 1
        case .summary: 2
        case .headings: 3
        case .body: 4
        }
    }
}
