import Foundation
import Testing
@testable import PraxisKit

/// `WordTable` compares a word's first 16 bytes as two integers and the rest with `memcmp`: it
/// must find exactly what a dictionary of the same byte strings finds, however a key is made.
@Suite("Word table")
struct WordTableTests {
    /// Words around the 8- and 16-byte edges, with zero bytes (which the padding is made of),
    /// words that are prefixes of one another, and words that differ only past byte 16.
    static let awkward: [[UInt8]] = {
        var words: [[UInt8]] = [[], [0], [0, 0], [0x61], [0x61, 0], [0, 0x61]]
        for length in [1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 47, 48] {
            let base = (0..<length).map { UInt8(0x61 + $0 % 26) }
            words.append(base)
            words.append(base.dropLast() + [0])
            words.append(base.dropLast() + [0x7A])
            words.append([0x5A] + base.dropFirst())
        }
        return words
    }()

    static func key(_ word: [UInt8], scratch: Bool, _ body: (WordTable.Key) -> Void) {
        guard scratch else { return word.withUnsafeBufferPointer { body(WordTable.Key($0)) } }
        // Stale bytes past the word, as a tokenizer's scratch holds after a longer word.
        var padded = word + Array(repeating: 0xEE, count: max(0, 48 - word.count))
        padded.withUnsafeMutableBufferPointer { body(WordTable.Key(scratch: $0, length: word.count)) }
    }

    @Test(arguments: [false, true])
    func findsWhatADictionaryFinds(scratch: Bool) {
        var table = WordTable(capacity: 1)
        var reference: [[UInt8]: Int32] = [:]
        var random = SeededGenerator(seed: 16)
        let words = Self.awkward + (0..<3000).map { _ in
            (0..<Int.random(in: 0...20, using: &random)).map { _ in UInt8.random(in: 0x60...0x63, using: &random) }
        }
        for (number, word) in words.enumerated() {
            Self.key(word, scratch: scratch) { key in
                #expect(table.value(for: key) == reference[word], "\(word)")
                let value = table.value(for: key, orInsert: Int32(number))
                if let known = reference[word] { #expect(value == known) } else { reference[word] = Int32(number) }
            }
        }
        #expect(table.count == reference.count)
        for word in Self.awkward + [[0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62, 0x62]] {
            Self.key(word, scratch: !scratch) { key in #expect(table.value(for: key) == reference[word], "\(word)") }
        }
        var listed: [[UInt8]] = []
        table.forEachBytes { word, value in
            listed.append(Array(word))
            #expect(reference[Array(word)] == value)
        }
        #expect(Set(listed).count == listed.count && listed.count == reference.count)
    }

    @Test func keysFromScratchAndFromBytesAreOneKey() {
        for word in Self.awkward {
            var table = WordTable()
            word.withUnsafeBufferPointer { table.insert($0, value: 7) }
            Self.key(word, scratch: true) { #expect(table.value(for: $0) == 7, "\(word)") }
            #expect(word.withUnsafeBufferPointer { table.value(for: $0) } == 7)
        }
    }
}
