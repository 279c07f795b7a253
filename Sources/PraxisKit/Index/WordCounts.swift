/// The folded words of a run of documents, each with its term and the number of those documents
/// that have it: what `InvertedIndex.add(words:)` takes. Every document brings hundreds of words,
/// most of them seen in the run already, so they are counted by their bytes (`WordTable`), and a
/// `String` is made and hashed once per word of the run, not once per word of each document.
struct WordCounts {
    private var places = WordTable(capacity: 4096)
    /// In the order the words were first seen, as `places` numbers them.
    private var uses: [InvertedIndex.WordUse] = []

    init() {}

    /// Counts `document` for each of its words that is not a stop word.
    mutating func add(_ document: DocumentTerms) {
        let terms = document.terms
        document.wordPositions.forEachBytes { word, position in
            guard position != DocumentTerms.stopWord else { return }
            let place = Int(places.value(for: word, orInsert: Int32(uses.count)))
            if place < uses.count {
                uses[place].documents += 1
            } else {
                uses.append(InvertedIndex.WordUse(term: terms[Int(position)], documents: 1))
            }
        }
    }

    /// Word → its use, as `DocumentTerms.collectWords` gives it for the same documents. Two words
    /// of different bytes that are one `String` (canonically equivalent) count together, under
    /// the term of the first seen, as they would have there.
    var words: [String: InvertedIndex.WordUse] {
        var words: [String: InvertedIndex.WordUse] = [:]
        words.reserveCapacity(uses.count)
        var place = 0
        places.forEachBytes { word, _ in
            let use = uses[place]
            words[String(decoding: word, as: UTF8.self), default: InvertedIndex.WordUse(term: use.term, documents: 0)].documents += use.documents
            place += 1
        }
        return words
    }
}
