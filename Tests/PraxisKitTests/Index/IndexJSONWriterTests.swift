import Foundation
import Testing
@testable import PraxisKit

/// The index's shards are written by `IndexJSONWriter`, not through `Codable`: every byte must
/// be what `CompactJSONEncoder` (the encoder they were written with before) gives the same value.
@Suite("Index JSON writer")
struct IndexJSONWriterTests {
    /// Quotes, backslashes, every control character, U+2028/2029 (which old script parsers reject
    /// in a string literal), a lone U+2028 lead byte's look-alikes, non-ASCII and beyond U+FFFF.
    static let awkward = [
        "", "plain", "quote \" backslash \\ slash /", "new\nline\r\ttab", (0..<0x20).map { String(UnicodeScalar($0)!) }.joined(),
        "\u{7F} del", "line \u{2028} para \u{2029} end\u{2028}", "\u{2027}\u{202A}\u{20AC} near misses", "é São Tomé ß 中文",
        "😀 𝒜 \u{10FFFF}", "e\u{301} combining", "\u{FEFF}bom", "…ellipsis…", "…", "\u{2028}", "x\u{2029}", "\u{2026}\u{2028}",
        "\u{2028}…", "€", "a€", "\u{E000}\u{FFFD}",
    ]

    @Test func stringsAreEscapedAsTheEncoderEscapesThem() throws {
        for text in Self.awkward {
            var json = IndexJSONWriter()
            json.string(text)
            #expect(json.bytes == Array(try CompactJSONEncoder().encode([text]).dropFirst().dropLast()), "\(text.unicodeScalars.map(\.value))")
            #expect(try JSONDecoder().decode(String.self, from: json.data) == text)
        }
        var json = IndexJSONWriter()
        json.strings(["a\"b", "c\\d", "\u{0}\u{1F}", "\u{2028}\u{2029}"])
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"["a\"b","c\\d","\u0000\u001f","\u2028\u2029"]"#)
    }

    @Test func numbersAreWrittenAsTheEncoderWritesThem() throws {
        for value in [0, 1, 9, 10, 42, 1_000_000, -1, -10, -987_654_321, Int.max, Int.min] {
            var json = IndexJSONWriter()
            json.openArray()
            json.int(value)
            json.int(7)
            json.closeArray()
            #expect(json.data == (try CompactJSONEncoder().encode([value, 7])), "\(value)")
        }
    }

    /// Keys go in Swift's `<` order, as the encoder sorts them; a key that is not in normal form
    /// (`e` + U+0301) sorts as its composed form, not by its bytes.
    @Test func objectKeysAreSortedAsTheEncoderSortsThem() throws {
        let keys = ["b", "a", "é", "e\u{301}x", "éa", "Z", "𝒜", "\u{FFFD}", "a b", "ab", "a\"", ""]
        var json = IndexJSONWriter()
        json.members(keys) { json, place in json.int(place) }
        let expected = try CompactJSONEncoder().encode(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }))
        #expect(json.data == expected)
        #expect(IndexJSONWriter.sortedKeys(["a", "b", "c"]) == [0, 1, 2])
    }

    @Test func documentSetsAreWrittenAsTheyAreEncoded() {
        var generator = SystemRandomNumberGenerator()
        var sets: [[Int]] = [[], [0], [5], [31], [32], [1023], [1024], [0, 1, 2], [0, 1, 2, 3, 4, 5], Array(100..<200),
                             Array(stride(from: 0, to: 60, by: 2)), [5, 6, 7, 40, 41, 1_000_000], [11], [12]]
        for density in [0.001, 0.05, 0.3, 0.6, 0.9, 1.0] {
            sets.append((0..<3000).filter { _ in Double.random(in: 0..<1, using: &generator) < density })
        }
        for ids in sets {
            var output: [UInt8] = [1, 2]
            DocSetCoder.append(ids.map(Int32.init), to: &output)
            #expect(output == [1, 2] + Array(DocSetCoder.encode(ids).utf8), "\(ids.prefix(8))…")
        }
    }

    @Test func everyShardIsWhatTheEncoderWrites() throws {
        let text = Self.awkward
        let entries = [
            TermEntry(docs: "gA", impacts: "z"), TermEntry(docs: "bH_-", impacts: "09", more: "rkDjD", moreImpact: 12),
            TermEntry(docs: "g", impacts: ""), TermEntry(docs: "gof", impacts: "A", more: nil, moreImpact: 0),
        ]
        let keys = ["zeta", "alpha", "é", "𝒜"]
        #expect(TermShard.json(terms: keys) { entries[$0] } == (try CompactJSONEncoder().encode(TermShard(terms: Dictionary(uniqueKeysWithValues: zip(keys, entries))))))

        let sets: [[Int32]] = [[1, 2, 3], [0], [7, 900], []]
        let pairs = ["a b", "a c", "é z", "𝒜 \u{FFFD}"]
        let pairShard = PairShard(pairs: Dictionary(uniqueKeysWithValues: zip(pairs, sets.map { DocSetCoder.encode($0.map(Int.init)) })))
        #expect(PairShard.json(pairs: pairs) { DocSetCoder.append(sets[$0], to: &$1) } == (try CompactJSONEncoder().encode(pairShard)))

        let words = zip(text, text.indices).map { WordEntry(term: $0, documents: $1 * 1000) }
        let wordKeys = text.map { "w" + $0 }
        #expect(WordShard.json(words: wordKeys) { words[$0] } == (try CompactJSONEncoder().encode(WordShard(words: Dictionary(uniqueKeysWithValues: zip(wordKeys, words))))))

        let lists = [words, [], Array(words.prefix(1))]
        let typoKeys = ["cloud", "loud", "cl\"ud"]
        #expect(TypoShard.json(typos: typoKeys) { lists[$0] } == (try CompactJSONEncoder().encode(TypoShard(typos: Dictionary(uniqueKeysWithValues: zip(typoKeys, lists))))))

        let facet = FacetShard(field: "sectors", values: text.enumerated().map { FacetValue(value: "v\($0)", label: $1, count: $0, docs: "g\($0)") })
        #expect(facet.json == (try CompactJSONEncoder().encode(facet)))
        #expect(FacetShard(field: "", values: []).json == (try CompactJSONEncoder().encode(FacetShard(field: "", values: []))))

        let records = text.enumerated().map { number, text in
            SearchDocumentRecord(
                id: number, title: text, url: "a/\(text)/index.html", kind: "practice", date: "2024-0\(number % 9 + 1)-01", summary: text,
                facets: number.isMultiple(of: 3) ? [:] : ["tags": [text, "open-data"], "sectors": [], "é": ["x"], "Z": [text]],
                lengths: [number, 0, 17, -1, 349], sections: [["", text], [text, "…\(text)…", "id-\(number)"], []]
            )
        }
        for shard in [DocShard(first: 12, docs: records), DocShard(first: 0, docs: [])] {
            #expect(shard.json == (try CompactJSONEncoder().encode(shard)))
            #expect(try JSONDecoder().decode(DocShard.self, from: shard.json) == shard)
        }
    }
}
