import Foundation

/// A section's text as whitespace-separated tokens, each with the terms of its words: what
/// `Excerpt` chooses a passage from.
///
/// Every byte of every section is scanned, and every token of a long one is passed over twice by
/// the window search, so the ASCII scan (`init(ascii:)`) writes through pointers into room made
/// up front, and the window search reads through pointers: no array append or bounds check per
/// byte, token or word.
struct ScannedText {
    let text: String
    /// UTF-8 offsets of each token in `text`: token i is `starts[i] ..< ends[i]`.
    private(set) var starts: [Int32] = []
    private(set) var ends: [Int32] = []
    /// UTF-16 length of each token.
    private(set) var lengths: [Int32] = []
    /// Terms of token i: `terms[firstTerm[i] ..< firstTerm[i + 1]]`.
    private(set) var firstTerm: [Int32] = [0]
    private(set) var terms: [Int32] = []

    /// Text to be filled token by token (`append(term:)`, `endToken`).
    init(_ text: String) { self.text = text }

    var count: Int { starts.count }

    /// A word of the token being read is the term `term`.
    mutating func append(term: Int32) { terms.append(term) }

    /// The token `range` of the text, `length` UTF-16 code units long, holds the terms added since the last.
    mutating func endToken(_ range: Range<Int>, length: Int) {
        starts.append(Int32(range.lowerBound))
        ends.append(Int32(range.upperBound))
        lengths.append(Int32(length))
        firstTerm.append(Int32(terms.count))
    }

    /// Characters of the text with single spaces between tokens.
    var length: Int { lengths.reduce(0) { $0 + Int($1) } + max(0, count - 1) }

    /// Tokens `range` with one space between each two, copied as bytes (each token ends at
    /// white space, so it is whole UTF-8).
    func joined(_ range: Range<Int>) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var joined: [UInt8] = []
            joined.reserveCapacity(range.isEmpty ? 0 : Int(ends[range.upperBound - 1] - starts[range.lowerBound]))
            for token in range {
                if token > range.lowerBound { joined.append(UInt8(ascii: " ")) }
                joined.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[Int(starts[token])..<Int(ends[token])]))
            }
            return String(decoding: joined, as: UTF8.self)
        }
    }

    /// The terms of tokens `range`.
    func terms(of range: Range<Int>) -> ArraySlice<Int32> { terms[Int(firstTerm[range.lowerBound])..<Int(firstTerm[range.upperBound])] }
}

extension ScannedText {
    /// ASCII text: tokens end at white space; words are cut inside them as
    /// `SearchTokenizer.forEachASCIIWord` cuts them, and looked up in `words` by their bytes.
    init(ascii bytes: UnsafeBufferPointer<UInt8>, of text: String, words: WordTable) {
        self.text = text
        // A token or a word ends at a byte that is in neither: at most one of each per two bytes.
        let room = bytes.count / 2 + 1
        var (tokenCount, termCount) = (0, 0)
        let starts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: room)
        let ends = UnsafeMutableBufferPointer<Int32>.allocate(capacity: room)
        let firstTerm = UnsafeMutableBufferPointer<Int32>.allocate(capacity: room + 1)
        let terms = UnsafeMutableBufferPointer<Int32>.allocate(capacity: room)
        defer { for buffer in [starts, ends, firstTerm, terms] { buffer.deallocate() } }
        firstTerm[0] = 0
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SearchTokenizer.maximumLength) { word in
            word.initialize(repeating: 0)
            var start = -1, length = 0, tooLong = false
            for position in 0...bytes.count {
                let byte = position < bytes.count ? bytes[position] : 0x20
                switch byte {
                case 0x61...0x7A, 0x30...0x39:
                    if length == SearchTokenizer.maximumLength { tooLong = true } else { word[length] = byte; length += 1 }
                case 0x41...0x5A:
                    if length == SearchTokenizer.maximumLength { tooLong = true } else { word[length] = byte | 0x20; length += 1 }
                case 0x27:
                    break  // apostrophe: dropped, never a separator
                default:
                    // The end of a word: at white space, the end of a token too.
                    if length > 0, !tooLong, let term = words.value(for: WordTable.Key(scratch: word, length: length)) {
                        terms[termCount] = term
                        termCount += 1
                    }
                    length = 0
                    tooLong = false
                    guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else { break }
                    if start >= 0 {
                        starts[tokenCount] = Int32(start)
                        ends[tokenCount] = Int32(position)
                        tokenCount += 1
                        firstTerm[tokenCount] = Int32(termCount)
                    }
                    start = -1
                    continue
                }
                if start < 0 { start = position }
            }
        }
        self.starts = Array(starts[..<tokenCount])
        self.ends = Array(ends[..<tokenCount])
        // ASCII: a token's UTF-16 length is its length in bytes.
        lengths = (0..<tokenCount).map { ends[$0] - starts[$0] }
        self.firstTerm = Array(firstTerm[...tokenCount])
        self.terms = Array(terms[..<termCount])
    }
}
