/// Reads front matter written the usual way, without Yams: `key: value` lines, where a value is
/// a plain or double-quoted scalar on its line, a one-line `[…]` or `{…}`, or a block list
/// (`- item` lines, an item being a value or `key: value` lines). It gives exactly the node
/// Yams composes, marks included (`FrontMatterReaderTests` compares the two), and nil for
/// anything else (comments, quotes that escape or span lines, anchors, tags, block scalars,
/// empty values, tabs, duplicate keys, characters YAML rejects …), which Yams then reads and
/// reports on as before. Composing with Yams was a quarter of the processor time of parsing.
struct FrontMatterReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Each line as a byte range, without its line break.
    private let lines: [Range<Int>]
    /// The next line to read.
    private var next = 0
    /// For text that is not all ASCII: how many UTF-8 continuation bytes come before each byte
    /// offset, so a node's column (in Unicode scalars) is a subtraction, not a count along its
    /// line: counting made a long line of many items quadratic (20,000 items took minutes).
    private let continuationsBefore: [Int32]?

    static func read(_ yaml: String) -> FrontMatterNode? {
        var text = yaml
        return text.withUTF8 { bytes in
            guard Self.isPlainText(bytes) else { return nil }
            var reader = FrontMatterReader(bytes)
            return reader.document()
        }
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var lines: [Range<Int>] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(start..<offset)
            start = offset + 1
        }
        lines.append(start..<bytes.count)
        self.lines = lines
        if bytes.contains(where: { $0 >= 0x80 }) {
            var counts = [Int32](repeating: 0, count: bytes.count + 1)
            var count: Int32 = 0
            for (offset, byte) in bytes.enumerated() {
                if byte & 0xC0 == 0x80 { count += 1 }
                counts[offset + 1] = count
            }
            continuationsBefore = counts
        } else {
            continuationsBefore = nil
        }
    }
}

private extension FrontMatterReader {
    /// The root mapping: keys at the start of their lines.
    mutating func document() -> FrontMatterNode? {
        skipEmptyLines()
        guard next < lines.count else { return nil }
        let first = lines[next]
        var pairs: [(key: FrontMatterNode, value: FrontMatterNode)] = []
        while next < lines.count {
            let line = lines[next]
            guard let pair = blockPair(at: line.lowerBound, in: line, indent: 0) else { return nil }
            pairs.append(pair)
            skipEmptyLines()
        }
        guard hasUniqueKeys(pairs) else { return nil }
        return node(.mapping(pairs), at: first.lowerBound)
    }

    /// `key: value` starting at `start` (a line's first key, or the first after `- `), with the
    /// lines that belong to its value; `indent` is the column of the mapping's keys.
    mutating func blockPair(at start: Int, in line: Range<Int>, indent: Int) -> (key: FrontMatterNode, value: FrontMatterNode)? {
        guard let colon = keyEnd(from: start, before: line.upperBound) else { return nil }
        let key = node(.scalar(text(start..<colon), isPlain: true), at: start)
        var valueStart = colon + 1
        guard valueStart < line.upperBound else {
            // `key:` and the line ends: the value must be a block list on the next lines.
            next += 1
            guard indent == 0, let list = blockSequence() else { return nil }
            return (key, list)
        }
        guard bytes[valueStart] == UInt8(ascii: " ") else { return nil }
        while valueStart < line.upperBound, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        guard valueStart < line.upperBound, let value = inlineValue(from: valueStart, in: line) else { return nil }
        next += 1
        return (key, value)
    }

    /// `- item` lines at one indentation, items being values or `key: value` lines.
    mutating func blockSequence() -> FrontMatterNode? {
        skipEmptyLines()
        guard next < lines.count, let indent = itemIndent(lines[next]) else { return nil }
        let first = lines[next]
        var items: [FrontMatterNode] = []
        while next < lines.count, itemIndent(lines[next]) == indent {
            let line = lines[next]
            let start = line.lowerBound + indent + 2
            if keyEnd(from: start, before: line.upperBound) != nil {
                guard let mapping = itemMapping(at: start, in: line, indent: indent + 2) else { return nil }
                items.append(mapping)
            } else {
                guard let value = inlineValue(from: start, in: line) else { return nil }
                items.append(value)
                next += 1
            }
            skipEmptyLines()
        }
        // What follows must be the next key of the root mapping (or nothing).
        guard next == lines.count || isRootKeyLine(lines[next]) else { return nil }
        return node(.sequence(items), at: first.lowerBound + indent)
    }

    /// An item's `key: value` lines, the first after `- `, the others at column `indent`.
    mutating func itemMapping(at start: Int, in line: Range<Int>, indent: Int) -> FrontMatterNode? {
        var pairs: [(key: FrontMatterNode, value: FrontMatterNode)] = []
        guard let first = blockPair(at: start, in: line, indent: indent) else { return nil }
        pairs.append(first)
        skipEmptyLines()
        while next < lines.count, spaces(lines[next]) == indent {
            let line = lines[next]
            guard let pair = blockPair(at: line.lowerBound + indent, in: line, indent: indent) else { return nil }
            pairs.append(pair)
            skipEmptyLines()
        }
        guard hasUniqueKeys(pairs) else { return nil }
        return node(.mapping(pairs), at: start)
    }

    /// A value that ends with its line: a flow list or mapping, a double-quoted or a plain scalar.
    func inlineValue(from start: Int, in line: Range<Int>) -> FrontMatterNode? {
        var end = start
        let value: FrontMatterNode?
        switch bytes[start] {
        case UInt8(ascii: "["): value = flowSequence(from: start, in: line, end: &end)
        case UInt8(ascii: "{"): value = flowMapping(from: start, in: line, end: &end)
        case UInt8(ascii: "\""): value = doubleQuoted(from: start, in: line, end: &end)
        default: return plainScalar(from: start, in: line)
        }
        while end < line.upperBound, bytes[end] == UInt8(ascii: " ") { end += 1 }
        return end == line.upperBound ? value : nil
    }

    /// The rest of the line as a plain scalar, when YAML would read all of it as one: it starts
    /// with no indicator, holds no `: ` and no ` #`, and ends with neither `:` nor a space.
    func plainScalar(from start: Int, in line: Range<Int>) -> FrontMatterNode? {
        guard !Self.indicators.contains(bytes[start]), bytes[line.upperBound - 1] != UInt8(ascii: " "),
              bytes[line.upperBound - 1] != UInt8(ascii: ":") else { return nil }
        for offset in start..<line.upperBound - 1 {
            let (byte, following) = (bytes[offset], bytes[offset + 1])
            if byte == UInt8(ascii: ":"), following == UInt8(ascii: " ") { return nil }
            if byte == UInt8(ascii: " "), following == UInt8(ascii: "#") { return nil }
        }
        return node(.scalar(text(start..<line.upperBound), isPlain: true), at: start)
    }

    /// `"…"` with no escape, closed on its line; `end` is after the closing quote.
    func doubleQuoted(from start: Int, in line: Range<Int>, end: inout Int) -> FrontMatterNode? {
        var offset = start + 1
        while offset < line.upperBound, bytes[offset] != UInt8(ascii: "\"") {
            if bytes[offset] == UInt8(ascii: "\\") { return nil }
            offset += 1
        }
        guard offset < line.upperBound else { return nil }
        end = offset + 1
        return node(.scalar(text(start + 1..<offset), isPlain: false), at: start)
    }

    /// `[a, "b"]` on one line.
    func flowSequence(from start: Int, in line: Range<Int>, end: inout Int) -> FrontMatterNode? {
        var items: [FrontMatterNode] = []
        var offset = skipSpaces(from: start + 1, in: line)
        if offset < line.upperBound, bytes[offset] != UInt8(ascii: "]") {
            while true {
                guard let item = flowScalar(from: &offset, in: line, closing: UInt8(ascii: "]")) else { return nil }
                items.append(item)
                guard offset < line.upperBound, bytes[offset] == UInt8(ascii: ",") else { break }
                offset = skipSpaces(from: offset + 1, in: line)
            }
        }
        guard offset < line.upperBound, bytes[offset] == UInt8(ascii: "]") else { return nil }
        end = offset + 1
        return node(.sequence(items), at: start)
    }

    /// `{start: 2019, end: 2022}` on one line.
    func flowMapping(from start: Int, in line: Range<Int>, end: inout Int) -> FrontMatterNode? {
        var pairs: [(key: FrontMatterNode, value: FrontMatterNode)] = []
        var offset = skipSpaces(from: start + 1, in: line)
        if offset < line.upperBound, bytes[offset] != UInt8(ascii: "}") {
            while true {
                guard let colon = keyEnd(from: offset, before: line.upperBound), colon + 1 < line.upperBound,
                      bytes[colon + 1] == UInt8(ascii: " ") else { return nil }
                let key = node(.scalar(text(offset..<colon), isPlain: true), at: offset)
                offset = skipSpaces(from: colon + 1, in: line)
                guard let value = flowScalar(from: &offset, in: line, closing: UInt8(ascii: "}")) else { return nil }
                pairs.append((key, value))
                guard offset < line.upperBound, bytes[offset] == UInt8(ascii: ",") else { break }
                offset = skipSpaces(from: offset + 1, in: line)
            }
        }
        guard offset < line.upperBound, bytes[offset] == UInt8(ascii: "}"), hasUniqueKeys(pairs) else { return nil }
        end = offset + 1
        return node(.mapping(pairs), at: start)
    }

    /// A double-quoted or plain scalar inside `[…]` or `{…}`; `offset` moves past it and the
    /// spaces after it. A plain one stops at `,` or the closing bracket, and may hold none of
    /// the characters that mean something there (`[ ] { } : # " '`).
    func flowScalar(from offset: inout Int, in line: Range<Int>, closing: UInt8) -> FrontMatterNode? {
        guard offset < line.upperBound else { return nil }
        let start = offset
        if bytes[start] == UInt8(ascii: "\"") {
            var end = start
            guard let scalar = doubleQuoted(from: start, in: line, end: &end) else { return nil }
            offset = skipSpaces(from: end, in: line)
            return scalar
        }
        guard !Self.indicators.contains(bytes[start]), bytes[start] != UInt8(ascii: " ") else { return nil }
        var end = start
        while end < line.upperBound, bytes[end] != UInt8(ascii: ","), bytes[end] != closing {
            if Self.flowStops.contains(bytes[end]) { return nil }
            end += 1
        }
        offset = end
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return node(.scalar(text(start..<end), isPlain: true), at: start)
    }

    /// Where the `:` of a plain key starting at `start` is: letters, digits, `_` and `-` (not
    /// first), then `:` followed by a space or the line's end.
    func keyEnd(from start: Int, before end: Int) -> Int? {
        var offset = start
        while offset < end, Self.isKeyByte(bytes[offset]), offset - start < 512 { offset += 1 }
        guard offset > start, bytes[start] != UInt8(ascii: "-"), offset < end, bytes[offset] == UInt8(ascii: ":") else { return nil }
        guard offset + 1 == end || bytes[offset + 1] == UInt8(ascii: " ") else { return nil }
        return offset
    }

    /// The indentation of a `- item` line (a dash, a space, something), or nil.
    func itemIndent(_ line: Range<Int>) -> Int? {
        let indent = spaces(line)
        let dash = line.lowerBound + indent
        guard dash + 2 < line.upperBound, bytes[dash] == UInt8(ascii: "-"), bytes[dash + 1] == UInt8(ascii: " "),
              bytes[dash + 2] != UInt8(ascii: " ") else { return nil }
        return indent
    }

    func isRootKeyLine(_ line: Range<Int>) -> Bool {
        keyEnd(from: line.lowerBound, before: line.upperBound) != nil
    }

    /// The spaces a line starts with.
    func spaces(_ line: Range<Int>) -> Int {
        skipSpaces(from: line.lowerBound, in: line) - line.lowerBound
    }

    func skipSpaces(from start: Int, in line: Range<Int>) -> Int {
        var offset = start
        while offset < line.upperBound, bytes[offset] == UInt8(ascii: " ") { offset += 1 }
        return offset
    }

    mutating func skipEmptyLines() {
        while next < lines.count, lines[next].isEmpty { next += 1 }
    }

    func hasUniqueKeys(_ pairs: [(key: FrontMatterNode, value: FrontMatterNode)]) -> Bool {
        var seen: Set<String> = []
        return pairs.allSatisfy { seen.insert($0.key.text ?? "").inserted }
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A node starting at byte `offset`: its mark as Yams gives it, the line 1-based and the
    /// column counted in Unicode scalars (libyaml's count), 1-based.
    func node(_ content: FrontMatterNode.Content, at offset: Int) -> FrontMatterNode {
        // The line holding `offset`: the last to start at or before it (line starts only grow).
        var (low, high) = (0, lines.count - 1)
        while low < high {
            let middle = (low + high + 1) / 2
            if lines[middle].lowerBound <= offset { low = middle } else { high = middle - 1 }
        }
        let lineStart = lines[low].lowerBound
        var column = offset - lineStart + 1
        if let continuationsBefore { column -= Int(continuationsBefore[offset] - continuationsBefore[lineStart]) }
        return FrontMatterNode(content, line: low + 1, column: column)
    }

    /// Bytes a plain scalar may not start with (YAML's indicators).
    static let indicators: Set<UInt8> = Set("-?:,[]{}#&*!|>'\"%@`".utf8)
    /// Bytes that end or complicate a plain scalar inside `[…]` and `{…}`.
    static let flowStops: Set<UInt8> = Set("[]{}:#\"'".utf8)

    static func isKeyByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// No tab, CR or other control character, and no character libyaml rejects or takes for a
    /// line break (NEL, U+2028, U+2029), so lines and marks are as libyaml counts them.
    static func isPlainText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte < 0x80 {
                guard byte >= 0x20 && byte != 0x7F || byte == UInt8(ascii: "\n") else { return false }
                offset += 1
                continue
            }
            var iterator = UnsafeBufferPointer(rebasing: bytes[offset...]).makeIterator()
            var decoder = UTF8()
            guard case let .scalarValue(scalar) = decoder.decode(&iterator) else { return false }
            switch scalar.value {
            case 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
                if scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029 { return false }
            default:
                return false
            }
            offset += UTF8.width(scalar)
        }
        return true
    }
}
