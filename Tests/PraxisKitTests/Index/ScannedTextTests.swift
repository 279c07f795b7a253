import Foundation
import Testing
@testable import PraxisKit

/// `ScannedText` reads ASCII text through pointers, and finds the best window through pointers:
/// both must give what the array-based scan and window search gave before (kept here as
/// `Reference`), token for token and passage for passage, ties included.
@Suite("Scanned text")
struct ScannedTextTests {
    static let texts = [
        "", " ", "one", "  two  spaces  ", "tab\tand\nnew line\r\nend", "don't won't 'quoted' it's", "a-b c--d e.f,g;h:i",
        "UPPER lower MiXeD 123 4five", String(repeating: "x", count: 48) + " " + String(repeating: "y", count: 49) + " z",
        "!!! ... --- ''' ", "word\u{0B}vertical\u{0C}feed", "the cloud is the cloud of the data the end",
        (0..<300).map { ["data", "cloud", "the", "open", "government", "a", "services", "x"][$0 * 7 % 8] }.joined(separator: " "),
    ]
    static let vocabulary = ["one", "two", "spaces", "tab", "and", "new", "line", "end", "dont", "wont", "quoted", "its", "a", "b", "c",
                             "d", "e", "f", "upper", "lower", "mixed", "123", "4five", "z", "word", "cloud", "data", "open",
                             "government", "services", String(repeating: "x", count: 48)]

    static func table() -> WordTable {
        var table = WordTable()
        for (number, word) in vocabulary.enumerated() {
            var word = word
            word.withUTF8 { table.insert($0, value: Int32(number)) }
        }
        return table
    }

    @Test func asciiTextIsScannedAsBefore() {
        let words = Self.table()
        for text in Self.texts {
            let scanned = SearchTokenizer.withASCIIBytes(text) { ScannedText(ascii: $0, of: text, words: words) }!
            let reference = Reference(text, words: words)
            #expect(zip(scanned.starts, scanned.ends).map { Int($0)..<Int($1) } == reference.tokens, "\(text)")
            #expect(scanned.lengths.map { Int($0) } == reference.lengths)
            #expect(scanned.firstTerm.map { Int($0) } == reference.firstTerm)
            #expect(scanned.terms == reference.terms)
        }
    }

    /// Weights from a few values, so that equal scores (ties) are common.
    @Test func theBestPassageIsTheOneFoundBefore() {
        let words = Self.table()
        var random = SeededGenerator(seed: 160)
        for text in Self.texts {
            let scanned = SearchTokenizer.withASCIIBytes(text) { ScannedText(ascii: $0, of: text, words: words) }!
            let reference = Reference(text, words: words)
            for _ in 0..<20 {
                let weights = Self.vocabulary.map { _ in [Float(0), 0.25, 1, 1.5, 3.0625][Int.random(in: 0..<5, using: &random)] }
                let budget = Int.random(in: 1...80, using: &random)  // a budget is never 0 for text that does not fit
                var local = [Int32](repeating: -1, count: Self.vocabulary.count)
                let found = scanned.best(within: budget, numbering: &local) { weights[Int($0)] }
                let expected = reference.best(within: budget) { weights[Int($0)] }
                #expect(found.text == expected.text && found.terms == expected.terms, "\(text) within \(budget)")
                #expect(local.allSatisfy { $0 == -1 })
            }
        }
    }
}

/// The scan and the window search as they were written before, on arrays.
private struct Reference {
    let text: String
    var tokens: [Range<Int>] = []
    var lengths: [Int] = []
    var firstTerm: [Int] = [0]
    var terms: [Int32] = []

    init(_ text: String, words: WordTable) {
        self.text = text
        let bytes = Array(text.utf8)
        var word: [UInt8] = [], start = -1, tooLong = false
        for position in 0...bytes.count {
            let byte = position < bytes.count ? bytes[position] : 0x20
            switch byte {
            case 0x61...0x7A, 0x30...0x39, 0x41...0x5A:
                if word.count == SearchTokenizer.maximumLength { tooLong = true } else { word.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
            case 0x27:
                break
            default:
                if !word.isEmpty, !tooLong, let term = word.withUnsafeBufferPointer({ words.value(for: $0) }) { terms.append(term) }
                word = []
                tooLong = false
                guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else { break }
                if start >= 0 {
                    tokens.append(start..<position)
                    lengths.append(position - start)
                    firstTerm.append(terms.count)
                }
                start = -1
                continue
            }
            if start < 0 { start = position }
        }
    }

    func joined(_ range: Range<Int>) -> String {
        let bytes = Array(text.utf8)
        return range.map { String(decoding: bytes[tokens[$0]], as: UTF8.self) }.joined(separator: " ")
    }

    func best(within budget: Int, weight: (Int32) -> Float) -> (text: String, terms: [Int32]) {
        if lengths.reduce(0, +) + max(0, tokens.count - 1) <= budget { return (joined(0..<tokens.count), terms) }
        var weights: [Float] = [], local: [Int32: Int] = [:]
        let numbered = terms.map { term -> Int in
            if let known = local[term] { return known }
            local[term] = weights.count
            weights.append(weight(term))
            return weights.count - 1
        }
        var counts = [Int](repeating: 0, count: weights.count)
        var best = (score: Float(-1), start: 0, end: 0)
        var end = 0, used = 0, score: Float = 0
        func width(_ start: Int, _ end: Int, _ tokensWidth: Int) -> Int {
            tokensWidth + max(0, end - start - 1) + (start > 0 ? 1 : 0) + (end < tokens.count ? 1 : 0)
        }
        for start in tokens.indices {
            if end < start { end = start; used = 0; score = 0 }
            while end < tokens.count, width(start, end + 1, used + lengths[end]) <= budget {
                for position in firstTerm[end]..<firstTerm[end + 1] {
                    let term = numbered[position]
                    if counts[term] == 0 { score += weights[term] }
                    counts[term] += 1
                }
                used += lengths[end]
                end += 1
            }
            if end > start, score > best.score { best = (score, start, end) }
            if end > start {
                for position in firstTerm[start]..<firstTerm[start + 1] {
                    let term = numbered[position]
                    counts[term] -= 1
                    if counts[term] == 0 { score -= weights[term] }
                }
                used -= lengths[start]
            }
        }
        guard best.end > best.start else { return (Excerpt.cut(joined(0..<tokens.count), length: budget), []) }
        var text = joined(best.start..<best.end)
        if best.end < tokens.count { text = Excerpt.trimmed(text) + "…" }
        if best.start > 0 { text = "…" + text }
        return (text, Array(terms[firstTerm[best.start]..<firstTerm[best.end]]))
    }
}
