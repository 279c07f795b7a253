/// One document's text as the index sees it: how often each term occurs in each field, each
/// field's length in terms, the pairs of adjacent terms (for phrases) and the words behind the terms.
struct DocumentTerms: Sendable {
    /// Distinct terms in first-seen order; `counts` and `pairs` refer to them by position.
    private(set) var terms: [String] = []
    /// `counts[position * fieldCount + field]`: occurrences of a term in a field.
    private(set) var counts: [UInt32] = []
    /// Terms per field, in `SearchField` order.
    private(set) var lengths = [Int](repeating: 0, count: SearchField.allCases.count)
    /// Adjacent terms within one title, tag, heading or section, as `first << 32 | second` positions.
    private(set) var pairs: Set<UInt64> = []
    /// Folded word → term, for the word list that prefix search and typo correction use.
    private(set) var words: [String: String] = [:]

    private var positions: [String: Int] = [:]

    static let fieldCount = SearchField.allCases.count

    func count(of position: Int, in field: SearchField) -> UInt32 {
        counts[position * Self.fieldCount + field.index]
    }

    /// Adds one stretch of text. Pairs never span two stretches: a title and a tag, or two
    /// sections, are not adjacent words.
    mutating func add(_ text: String, to field: SearchField, with tokenizer: inout SearchTokenizer) {
        var previous: Int?
        for word in tokenizer.words(text) {
            guard let term = tokenizer.term(word) else { continue }
            if words[word] == nil { words[word] = term }
            let position = self.position(of: term)
            counts[position * Self.fieldCount + field.index] += 1
            lengths[field.index] += 1
            if let previous { pairs.insert(UInt64(previous) << 32 | UInt64(position)) }
            previous = position
        }
    }

    private mutating func position(of term: String) -> Int {
        if let known = positions[term] { return known }
        let position = terms.count
        terms.append(term)
        positions[term] = position
        counts.append(contentsOf: repeatElement(0, count: Self.fieldCount))
        return position
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
