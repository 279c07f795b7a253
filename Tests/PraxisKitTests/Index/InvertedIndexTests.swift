import Foundation
import Testing
@testable import PraxisKit

/// The merge of every document's terms runs on every core; what it makes must not depend on that.
@Suite("Inverted index")
struct InvertedIndexTests {
    /// 400 documents of words from a vocabulary of 900 (no stemming, no stop words), so that
    /// terms repeat across documents and fill every part the cores split the postings and pairs into.
    static let texts: [String] = {
        var generator = SeededGenerator(seed: 7)
        let vocabulary = (0..<900).map { "w\($0)x" }
        let texts = (0..<400).map { _ in
            (0..<Int.random(in: 20...120, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }.joined(separator: " ")
        }
        // One word 300 times: a count above 255 is kept as 255.
        return texts + [Array(repeating: "w17x", count: 300).joined(separator: " ")]
    }()

    /// A title of each text's first three words, and the text as the body.
    static func title(_ text: String) -> String { text.split(separator: " ").prefix(3).joined(separator: " ") }

    static func documents() -> [DocumentTerms] {
        var tokenizer = SearchTokenizer(settings: SearchSettings(language: "xx", stem: false, stopWords: [], textFields: []))
        return texts.map { text in
            var terms = DocumentTerms()
            terms.add(title(text), to: .title, with: &tokenizer)
            terms.add(text, to: .body, with: &tokenizer)
            terms.finish()
            return terms
        }
    }

    static func merged(inBatchesOf size: Int) -> InvertedIndex {
        let documents = documents()
        var index = InvertedIndex()
        for start in stride(from: 0, to: documents.count, by: size) {
            index.add(Array(documents[start..<min(documents.count, start + size)]))
        }
        return index
    }

    @Test func everyTermListsTheDocumentsItOccursInWithItsCounts() {
        let index = Self.merged(inBatchesOf: 1024)
        #expect(index.documentCount == 401)
        func occurrences(of word: String, in text: String) -> Int { text.split(separator: " ").filter { $0 == word }.count }
        for word in ["w0x", "w17x", "w450x", "w899x"] {
            let postings = index.postings[index.id(ofTerm: word)!]
            let documents = Self.texts.indices.filter { occurrences(of: word, in: Self.texts[$0]) > 0 }
            #expect(postings.documents == documents.map(Int32.init))
            #expect(postings.documents.indices.map { postings.count($0, in: .body) } == documents.map { min(255, occurrences(of: word, in: Self.texts[$0])) })
            #expect(postings.documents.indices.map { postings.count($0, in: .title) } == documents.map { occurrences(of: word, in: Self.title(Self.texts[$0])) })
        }
        let clipped = index.postings[index.id(ofTerm: "w17x")!]
        #expect(clipped.documents.last == 400 && clipped.count(clipped.documents.count - 1, in: .body) == 255)
    }

    @Test func everyPairOfAdjacentWordsListsTheDocumentsItOccursIn() {
        let index = Self.merged(inBatchesOf: 1024)
        for words in [Array(Self.texts[0].split(separator: " ").prefix(2)), Array(Self.texts[399].split(separator: " ").suffix(2))] {
            let pair = index.pairs.first { $0.key == UInt64(index.id(ofTerm: String(words[0]))!) << 32 | UInt64(index.id(ofTerm: String(words[1]))!) }
            let expected = Self.texts.indices.filter { number in
                let text = Self.texts[number].split(separator: " ")
                return zip(text, text.dropFirst()).contains { $0 == words[0] && $1 == words[1] }
            }
            #expect(pair?.documents == expected.map(Int32.init))
        }
    }

    @Test(arguments: [1, 7, 64, 400])
    func theIndexIsTheSameHoweverTheDocumentsAreBatched(size: Int) {
        let whole = Self.merged(inBatchesOf: 1024), batched = Self.merged(inBatchesOf: size)
        #expect(batched.terms == whole.terms)
        #expect(batched.postings.map(\.documents) == whole.postings.map(\.documents))
        #expect(batched.postings.map(\.counts) == whole.postings.map(\.counts))
        #expect(batched.pairs.sorted { $0.key < $1.key }.map(\.documents) == whole.pairs.sorted { $0.key < $1.key }.map(\.documents))
        #expect(batched.pairs.map(\.key).sorted() == whole.pairs.map(\.key).sorted())
        #expect((0..<401).map(batched.lengths(of:)) == (0..<401).map(whole.lengths(of:)))
    }
}

/// The same numbers on every run (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
