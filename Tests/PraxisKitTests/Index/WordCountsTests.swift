import Foundation
import Testing
@testable import PraxisKit

/// The merge counts each batch's words by their bytes (`WordCounts`): it must give the word
/// list `DocumentTerms.collectWords` gives the same documents, in any mix of scripts.
@Suite("Word counts")
struct WordCountsTests {
    static func counted(_ documents: [DocumentTerms]) -> [String: InvertedIndex.WordUse] {
        var counts = WordCounts()
        for document in documents { counts.add(document) }
        return counts.words
    }

    static func collected(_ documents: [DocumentTerms]) -> [String: InvertedIndex.WordUse] {
        var words: [String: InvertedIndex.WordUse] = [:]
        for document in documents { document.collectWords(into: &words) }
        return words
    }

    @Test func countsWhatEachDocumentCollects() {
        let texts = InvertedIndexTests.texts + [
            "São Tomé and the straße of Ærøskøbing", "数据 open-data, the DATA of 2024", "", "the the the",
            "Don't O’Brien: don't stop", "résumé resume RÉSUMÉ", String(repeating: "x", count: 60) + " tail",
        ]
        var tokenizer = SearchTokenizer(settings: SearchSettings(language: "en", stem: true, stopWords: ["the", "of", "and"], textFields: []))
        let documents = texts.map { text in
            var terms = DocumentTerms()
            terms.add(InvertedIndexTests.title(text), to: .title, with: &tokenizer)
            terms.add(text, to: .body, with: &tokenizer)
            terms.finish()
            return terms
        }
        #expect(Self.counted(documents) == Self.collected(documents))
        #expect(Self.counted(Array(documents.suffix(7))) == Self.collected(Array(documents.suffix(7))))
        #expect(Self.counted([]).isEmpty)
    }

    /// Two words of different bytes that are one `String` (a composed and a decomposed `é`) are
    /// one word of the list, as they are in a dictionary of `String`s.
    @Test func canonicallyEquivalentWordsCountTogether() {
        func document(_ words: [(String, Int32)], terms: [String]) -> DocumentTerms {
            var table = WordTable()
            for (word, position) in words {
                var word = word
                word.withUTF8 { table.insert($0, value: position) }
            }
            return DocumentTerms(terms: terms, counts: Array(repeating: 1, count: terms.count * DocumentTerms.fieldCount),
                                 lengths: Array(repeating: 1, count: DocumentTerms.fieldCount), pairs: [], wordPositions: table)
        }
        let documents = [
            document([("caf\u{E9}", 0), ("the", DocumentTerms.stopWord)], terms: ["caf\u{E9}"]),
            document([("cafe\u{301}", 0), ("caf\u{E9}", 1)], terms: ["other", "caf\u{E9}"]),
        ]
        let counted = Self.counted(documents)
        #expect(counted == Self.collected(documents))
        #expect(counted.count == 1 && counted["caf\u{E9}"]?.documents == 3)
    }
}
