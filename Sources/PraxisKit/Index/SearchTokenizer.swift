/// Turns text into search terms, exactly as `themes/default/assets/search/text.js` does for queries
/// (the shared vectors in Tests/fixtures/search/text-vectors.json hold both to it):
///
/// 1. Words are runs of letters and digits after folding (`TextFolder`); apostrophes inside a
///    word are dropped (`don't` → `dont`), anything else separates words. Each ideographic or kana
///    character is a word of its own. Words longer than `maximumLength` characters are ignored.
/// 2. Stop words are dropped.
/// 3. With stemming on, words of the letters a–z are reduced to their Snowball English stem.
struct SearchTokenizer {
    let settings: SearchSettings
    private let stopWords: Set<String>
    private var folder = TextFolder()
    /// Folded words seen before (as bytes) → their place in `knownTerms`, or -1 for a stop word:
    /// most words of a document were in an earlier one, and are neither made a `String` nor
    /// hashed and stemmed again (`term(ofWord:)`).
    private var knownWords = WordTable(capacity: 4096)
    private var knownTerms: [String] = []

    /// Longer "words" are identifiers, hashes or data, not something a reader types.
    static let maximumLength = 48

    init(settings: SearchSettings) {
        self.settings = settings
        stopWords = Set(settings.stopWords)
    }

    /// Folded words in order, stop words included.
    mutating func words(_ text: String) -> [String] {
        var words: [String] = []
        if text.utf8.allSatisfy({ $0 < 0x80 }) { asciiWords(text, into: &words) } else { unicodeWords(text, into: &words) }
        return words
    }

    /// The term a folded word is indexed under; nil for a stop word.
    func term(_ word: String) -> String? {
        if stopWords.contains(word) { return nil }
        guard settings.stem, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        return EnglishStemmer.stem(word)
    }

    /// `term(_:)` of a folded word given as its bytes, remembered: the term depends on the
    /// word's bytes alone.
    mutating func term(ofWord word: UnsafeBufferPointer<UInt8>) -> String? { term(ofWord: WordTable.Key(word)) }

    mutating func term(ofWord word: WordTable.Key) -> String? {
        if let known = knownWords.value(for: word) { return known < 0 ? nil : knownTerms[Int(known)] }
        let term = self.term(String(decoding: word.bytes, as: UTF8.self))
        knownWords.insert(word, value: term == nil ? -1 : Int32(knownTerms.count))
        if let term { knownTerms.append(term) }
        return term
    }

    /// Folded words of a short text, for settings such as `stop_words`.
    static func fold(_ text: String) -> [String] {
        var tokenizer = SearchTokenizer(settings: SearchSettings(language: "", stem: false, stopWords: [], textFields: []))
        return tokenizer.words(text)
    }
}

extension SearchTokenizer {
    /// Runs `body` on the text's bytes when it is all ASCII (most content); nil otherwise.
    static func withASCIIBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        var text = text
        return text.withUTF8 { bytes in bytes.contains { $0 >= 0x80 } ? nil : body(bytes) }
    }

    /// The folded words of ASCII text, in order, as bytes: no Unicode tables and no `String` per
    /// word. Calls `body` with each word as a `WordTable` key, whose bytes are valid only during the call.
    static func forEachASCIIWord(_ text: UnsafeBufferPointer<UInt8>, _ body: (WordTable.Key) -> Void) {
        // One loop and no local function: every byte of every page comes through here.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { word in
            word.initialize(repeating: 0)
            var length = 0
            var tooLong = false
            for position in 0...text.count {
                let byte = position < text.count ? text[position] : 0x20
                switch byte {
                case 0x61...0x7A, 0x30...0x39:
                    if length == maximumLength { tooLong = true } else { word[length] = byte; length += 1 }
                case 0x41...0x5A:
                    if length == maximumLength { tooLong = true } else { word[length] = byte + 0x20; length += 1 }
                case 0x27:
                    continue  // apostrophe: dropped, never a separator
                default:
                    if length > 0, !tooLong { body(WordTable.Key(scratch: word, length: length)) }
                    length = 0
                    tooLong = false
                }
            }
        }
    }
}

private extension SearchTokenizer {
    /// Most content is ASCII: bytes in, no Unicode tables needed.
    func asciiWords(_ text: String, into words: inout [String]) {
        _ = Self.withASCIIBytes(text) { bytes in
            Self.forEachASCIIWord(bytes) { words.append(String(decoding: $0.bytes, as: UTF8.self)) }
        }
    }

    mutating func unicodeWords(_ text: String, into words: inout [String]) {
        var word = String.UnicodeScalarView()
        var length = 0
        func flush() {
            if length > 0, length <= Self.maximumLength { words.append(String(word)) }
            word.removeAll(keepingCapacity: true)
            length = 0
        }
        for scalar in text.unicodeScalars {
            if scalar == "'" || scalar == "\u{2019}" { continue }
            for folded in folder.fold(scalar).unicodeScalars {
                if TextFolder.isIdeographic(folded) {
                    flush()
                    words.append(String(folded))
                } else if TextFolder.isWordScalar(folded) {
                    word.append(folded)
                    length += 1
                } else if !TextFolder.isMark(folded) {
                    flush()
                }
            }
        }
        flush()
    }
}
