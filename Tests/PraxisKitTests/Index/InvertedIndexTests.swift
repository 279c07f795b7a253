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
        return (0..<400).map { _ in
            (0..<Int.random(in: 20...120, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }.joined(separator: " ")
        }
    }()

    static func documents() -> [DocumentTerms] {
        var tokenizer = SearchTokenizer(settings: SearchSettings(language: "xx", stem: false, stopWords: [], textFields: []))
        return texts.map { text in
            var terms = DocumentTerms()
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
        #expect(index.documentCount == 400)
        for word in ["w0x", "w17x", "w450x", "w899x"] {
            let postings = index.postings[index.id(ofTerm: word)!]
            let expected = Self.texts.enumerated().compactMap { number, text -> (Int32, UInt8)? in
                let count = text.split(separator: " ").filter { $0 == word }.count
                return count == 0 ? nil : (Int32(number), UInt8(min(255, count)))
            }
            #expect(postings.documents == expected.map(\.0))
            #expect(postings.documents.indices.map { postings.count($0, in: .body) } == expected.map { Int($0.1) })
        }
    }

    @Test func everyPairOfAdjacentWordsListsTheDocumentsItOccursIn() {
        let index = Self.merged(inBatchesOf: 1024)
        for words in [Array(Self.texts[0].split(separator: " ").prefix(2)), Array(Self.texts[399].split(separator: " ").suffix(2))] {
            let pair = index.pairs.first { $0.key == UInt64(index.id(ofTerm: String(words[0]))!) << 32 | UInt64(index.id(ofTerm: String(words[1]))!) }
            let expected = Self.texts.indices.filter { number in
                let text = Self.texts[number].split(separator: " ")
                return zip(text, text.dropFirst()).contains { $0 == words[0] && $1 == words[1] }
            }
            #expect(expected.contains(0) || expected.contains(399))
            #expect(pair?.documents == expected.map(Int32.init))
        }
    }

    @Test(arguments: [1, 7, 64, 399])
    func theIndexIsTheSameHoweverTheDocumentsAreBatched(size: Int) {
        let whole = Self.merged(inBatchesOf: 1024), batched = Self.merged(inBatchesOf: size)
        #expect(batched.terms == whole.terms)
        #expect(batched.postings.map(\.documents) == whole.postings.map(\.documents))
        #expect(batched.postings.map(\.counts) == whole.postings.map(\.counts))
        #expect(batched.pairs.sorted { $0.key < $1.key }.map(\.documents) == whole.pairs.sorted { $0.key < $1.key }.map(\.documents))
        #expect(batched.pairs.map(\.key).sorted() == whole.pairs.map(\.key).sorted())
        #expect(batched.lengths(of: 399) == whole.lengths(of: 399))
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
