import Foundation
import Testing
@testable import PraxisKit

@Suite("Search tokeniser")
struct SearchTokenizerTests {
    static let english = SearchConfig().resolved(siteLanguage: "en")

    @Test func foldsCaseAndDiacritics() {
        var tokenizer = SearchTokenizer(settings: Self.english)
        #expect(tokenizer.words("São Tomé") == tokenizer.words("sao tome"))
        #expect(tokenizer.words("Ærøskøbing STRASSE straße") == ["aeroskobing", "strasse", "strasse"])
        #expect(tokenizer.words("ＡＢＣ ﬁnance") == ["abc", "finance"])
    }

    @Test func apostrophesJoinAndIdeographsStandAlone() {
        var tokenizer = SearchTokenizer(settings: Self.english)
        #expect(tokenizer.words("Don't O’Brien") == ["dont", "obrien"])
        #expect(tokenizer.words("数据 open-data") == ["数", "据", "open", "data"])
    }

    @Test func stopWordsAreDroppedAndEnglishIsStemmed() {
        var tokenizer = SearchTokenizer(settings: Self.english)
        #expect(tokenizer.words("the reviews").compactMap { tokenizer.term($0) } == ["review"])
        var french = SearchTokenizer(settings: SearchConfig().resolved(siteLanguage: "fr"))
        #expect(french.words("les révisions").compactMap { french.term($0) } == ["les", "revisions"])
    }

    /// The same vectors run against text.js in Tests/js/search-text.test.mjs.
    @Test func matchesTheSharedVectors() throws {
        struct Vectors: Decodable {
            struct Vector: Decodable { var text: String; var words: [String]; var terms: [String] }
            var stopWords: [String]
            var vectors: [Vector]
        }
        let url = URL(fileURLWithPath: TestSite.repository + "/Tests/fixtures/search/text-vectors.json")
        let file = try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
        #expect(file.stopWords == SearchSettings.englishStopWords)
        var tokenizer = SearchTokenizer(settings: Self.english)
        for vector in file.vectors {
            let words = tokenizer.words(vector.text)
            #expect(words == vector.words, "words of \(vector.text)")
            #expect(words.compactMap { tokenizer.term($0) } == vector.terms, "terms of \(vector.text)")
        }
        // Twice through the remembered words: the first time each is worked out, then recalled.
        for _ in 0..<2 {
            for vector in file.vectors {
                let terms = tokenizer.words(vector.text).compactMap { word in
                    var word = word
                    return word.withUTF8 { tokenizer.term(ofWord: $0) }
                }
                #expect(terms == vector.terms, "remembered terms of \(vector.text)")
            }
        }
    }

    /// A tokenizer remembers each word's term by its bytes; a stop word stays a stop word, and
    /// words of one stem, or one word spelt in two ways that fold alike, get the same term.
    @Test func rememberedTermsAreTheTermsOfTheWords() {
        var tokenizer = SearchTokenizer(settings: Self.english)
        let words = ["reviews", "the", "reviewed", "review", "sao", "数", "2024", "the", "reviews", "straße", "strasse", "é"]
        for word in words + words.reversed() {
            var bytes = word
            #expect(bytes.withUTF8 { tokenizer.term(ofWord: $0) } == tokenizer.term(word), "\(word)")
        }
    }
}
