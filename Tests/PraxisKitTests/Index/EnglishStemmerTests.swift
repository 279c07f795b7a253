import Foundation
import Testing
@testable import PraxisKit

/// The Snowball project's own vectors are the specification: the index and the
/// browser-side stemmer (`Tests/js/stemmer.test.mjs` checks the same files) only
/// agree with each other if both agree with these, word for word.
@Suite("EnglishStemmer")
struct EnglishStemmerTests {
    /// The Snowball vectors, copied into the repository (see `SharedInputs`).
    static let corpus = URL(fileURLWithPath: SharedInputs.path("corpora/snowball-english"), isDirectory: true)

    static func lines(of name: String) throws -> [Substring] {
        let text = try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    @Test("matches all Snowball 3.x vectors")
    func snowballVectors() throws {
        let words = try Self.lines(of: "voc.txt")
        let expected = try Self.lines(of: "output.txt")
        try #require(words.count == expected.count, "voc.txt and output.txt differ in length")
        #expect(words.count == 42_649)

        var mismatches: [String] = []
        var failures = 0
        for (word, stem) in zip(words, expected) {
            let got = EnglishStemmer.stem(String(word))
            if got != stem {
                failures += 1
                if mismatches.count < 20 { mismatches.append("\(word): expected \(stem) got \(got)") }
            }
        }
        #expect(failures == 0, "\(failures) of \(words.count) words stem wrongly:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test("spot checks", arguments: [
        ("generously", "generous"),
        ("added", "add"),          // 3.x keeps the double of a vowel + double word
        ("hopping", "hop"),
        ("hoped", "hope"),
        ("dog's", "dog"),          // possessive
        ("skies", "sky"),          // exception list
        ("dying", "die"),
        ("evening", "evening"),    // not a verb form
        ("geologist", "geolog"),
        ("university", "universiti"),
        ("'quoted", "quot"),       // leading apostrophe dropped
        ("by", "by"),              // under three letters: untouched
    ])
    func spotCheck(word: String, stem: String) {
        #expect(EnglishStemmer.stem(word) == stem)
    }

    @Test("odd input never crashes and keeps non-ASCII letters")
    func oddInput() {
        #expect(EnglishStemmer.stem("") == "")
        #expect(EnglishStemmer.stem("'") == "'")
        #expect(EnglishStemmer.stem("''s'") == "")
        #expect(EnglishStemmer.stem("cafés") == "café")
        #expect(EnglishStemmer.stem("naïveté") == "naïveté")
        #expect(EnglishStemmer.stem("😀😀ing") == "😀😀ing")
    }
}
