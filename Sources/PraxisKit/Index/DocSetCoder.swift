/// The compact text encodings of the index (README "Search index format"), kept in step with
/// `themes/default/assets/search/codec.js`. Everything is written with the 64 characters of
/// base64url, which need no escaping in JSON or in a URL.
///
/// - A *number* is a varint: 5 bits per character, least significant first; the value 32 is
///   added to every character but the last. 0–31 take one character, up to 1023 two.
/// - A *document set* (ascending ids) starts with one letter that says how the rest is written,
///   and the builder picks whichever is shortest:
///   `g` gaps: each id minus the previous one, minus one (the first: the id itself), as numbers;
///   `r` runs: for each run of consecutive ids, the gap before it (as above) and its length minus one;
///   `b` bitmap: 6 ids per character, id 6k+i in bit i (value 2^i) of character k.
/// - An *impact* is one character, 0–63: a quantised BM25 score (see `ImpactScale`).
enum DocSetCoder {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    static func encode(_ ids: [Int]) -> String {
        var output: [UInt8] = []
        append(ids, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The length `encode` gives the set, found without writing it: shards are laid out by the
    /// size of what they hold before anything in them is encoded.
    static func encodedLength(_ ids: [Int32]) -> Int {
        let (gaps, runs) = lengths(ids)
        let bitmap = ids.last.map { Int($0) / 6 + 2 } ?? .max
        return min(gaps, runs, bitmap)
    }

    /// What `encode` gives the set, written at the end of `output` without making a `String`
    /// first: the form is chosen from the lengths, and only it is written.
    static func append<Ids: RandomAccessCollection>(_ ids: Ids, to output: inout [UInt8]) where Ids.Element: BinaryInteger, Ids.Index == Int {
        let (gaps, runs) = lengths(ids)
        // The shortest form: runs only when shorter than gaps, the bitmap only when shorter than both.
        if let last = ids.last.map(Int.init), last / 6 + 2 < min(gaps, runs) {
            output.append(UInt8(ascii: "b"))
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: last / 6 + 1))
            for id in ids.lazy.map(Int.init) { output[start + id / 6] |= 1 << (id % 6) }
            for place in start..<output.count { output[place] = alphabet[Int(output[place])] }
        } else if runs < gaps {
            output.append(UInt8(ascii: "r"))
            numbers(asRuns: ids) { appendNumber($0, to: &output) }
        } else {
            output.append(UInt8(ascii: "g"))
            numbers(asGaps: ids) { appendNumber($0, to: &output) }
        }
    }

    /// The lengths of the set written as gaps and as runs, each with its letter.
    /// One pass: a run's gap is the gap before its first id, so both forms are counted together.
    private static func lengths<Ids: RandomAccessCollection>(_ ids: Ids) -> (gaps: Int, runs: Int) where Ids.Element: BinaryInteger, Ids.Index == Int {
        var gaps = 1, runs = 1
        var previous = -1
        var run = -1  // the open run's length minus one; -1 before the first id
        for id in ids.lazy.map(Int.init) {
            let gap = id - previous - 1
            gaps += numberLength(gap)
            if gap == 0, run >= 0 {
                run += 1
            } else {
                if run >= 0 { runs += numberLength(run) }
                runs += numberLength(gap)
                run = 0
            }
            previous = id
        }
        if run >= 0 { runs += numberLength(run) }
        return (gaps, runs)
    }

    static func digit(_ value: Int) -> UInt8 { alphabet[value] }

    /// How many characters `appendNumber` writes for `value`.
    /// Five bits a character, at least one; counted, not looped (every pair's set is measured on every build).
    static func numberLength(_ value: Int) -> Int {
        (Int.bitWidth - (max(value, 0) | 1).leadingZeroBitCount + 4) / 5
    }

    static func appendNumber(_ value: Int, to output: inout [UInt8]) {
        var rest = value
        while rest >= 32 {
            output.append(alphabet[32 | (rest & 31)])
            rest >>= 5
        }
        output.append(alphabet[rest])
    }

    /// The ids of an encoded set; nil when the text is not a valid encoding.
    static func decode(_ text: String) -> [Int]? {
        let bytes = Array(text.utf8)
        guard let method = bytes.first else { return [] }
        var reader = NumberReader(bytes: bytes, position: 1)
        var ids: [Int] = []
        switch method {
        case UInt8(ascii: "g"):
            var previous = -1
            while !reader.atEnd {
                guard let gap = reader.next() else { return nil }
                previous += gap + 1
                ids.append(previous)
            }
        case UInt8(ascii: "r"):
            var previous = -1
            while !reader.atEnd {
                guard let gap = reader.next(), let length = reader.next() else { return nil }
                let start = previous + gap + 1
                ids += start...(start + length)
                previous = start + length
            }
        case UInt8(ascii: "b"):
            for (index, byte) in bytes.dropFirst().enumerated() {
                guard let value = values[byte] else { return nil }
                for bit in 0..<6 where value & (1 << bit) != 0 { ids.append(index * 6 + bit) }
            }
        default: return nil
        }
        return ids
    }

    /// The value of one impact character.
    static func impact(_ byte: UInt8) -> Int? { values[byte] }

    struct NumberReader {
        let bytes: [UInt8]
        var position: Int
        var atEnd: Bool { position >= bytes.count }

        mutating func next() -> Int? {
            var value = 0, shift = 0
            while position < bytes.count, let digit = DocSetCoder.values[bytes[position]] {
                position += 1
                value |= (digit & 31) << shift
                if digit < 32 { return value }
                shift += 5
            }
            return nil
        }
    }
}

private extension DocSetCoder {
    /// The numbers of the `g` form, in order: each id's gap after the one before.
    static func numbers<Ids: RandomAccessCollection>(asGaps ids: Ids, _ body: (Int) -> Void) where Ids.Element: BinaryInteger, Ids.Index == Int {
        var previous = -1
        for id in ids {
            body(Int(id) - previous - 1)
            previous = Int(id)
        }
    }

    /// The numbers of the `r` form, in order: for each run of consecutive ids, its gap and its length minus one.
    static func numbers<Ids: RandomAccessCollection>(asRuns ids: Ids, _ body: (Int) -> Void) where Ids.Element: BinaryInteger, Ids.Index == Int {
        var previous = -1
        var index = ids.startIndex
        while index < ids.endIndex {
            var end = index
            while end + 1 < ids.endIndex, ids[end + 1] == ids[end] + 1 { end += 1 }
            body(Int(ids[index]) - previous - 1)
            body(end - index)
            previous = Int(ids[end])
            index = end + 1
        }
    }
}
