import Foundation

/// Byte-level string work for the hot paths of parsing and rendering: Foundation's
/// `replacingOccurrences` and `contains` bridge through NSString and were a tenth of a build.
extension String {
    /// Replaces every occurrence of `pattern`, comparing UTF-8 bytes. Markers are strings that
    /// cannot occur in escaped HTML, such as ones holding a control character.
    func replacingBytes(_ pattern: String, with replacement: String) -> String {
        replacingBytes([(pattern, replacement)])
    }

    /// The pieces of the text between occurrences of `separator` (the text itself when there are none).
    func splittingBytes(at separator: String) -> [String] {
        let pattern = Array(separator.utf8)
        guard !pattern.isEmpty else { return [self] }
        var text = self
        return text.withUTF8 { bytes in
            var pieces: [String] = []
            var start = 0
            while let found = bytes.firstOffset(of: pattern, from: start) {
                pieces.append(String(decoding: bytes[start..<found], as: UTF8.self))
                start = found + pattern.count
            }
            pieces.append(String(decoding: bytes[start...], as: UTF8.self))
            return pieces
        }
    }

    /// Several replacements in one pass; at each position the first pattern that matches wins.
    func replacingBytes(_ pairs: [(String, String)]) -> String {
        let patterns = pairs.map { (pattern: Array($0.0.utf8), replacement: Array($0.1.utf8)) }.filter { !$0.pattern.isEmpty }
        var text = self
        return text.withUTF8 { bytes in bytes.replacing(patterns).map { String(decoding: $0, as: UTF8.self) } ?? self }
    }

    /// The text escaped for an HTML attribute value or element content: `&`, `<`, `>`, `"` and `'`
    /// as character references. Bytes, not characters: a quote followed by a combining mark is
    /// still a quote to an HTML parser. Runs for every value of every page, so text that needs no
    /// escaping (most of it) comes back without a copy.
    var escapingHTML: String {
        var text = self
        return text.withUTF8 { bytes in
            var growth = 0
            for byte in bytes { growth += Self.escapeGrowth[Int(byte)] }
            guard growth > 0 else { return self }
            return String(unsafeUninitializedCapacity: bytes.count + growth) { output in
                var end = 0
                func put(_ literal: StaticString) {
                    for index in 0..<literal.utf8CodeUnitCount { output[end + index] = literal.utf8Start[index] }
                    end += literal.utf8CodeUnitCount
                }
                for byte in bytes {
                    if let reference = Self.reference(for: byte) { put(reference) } else { output[end] = byte; end += 1 }
                }
                return end
            }
        }
    }

    /// `escapingHTML`, appended to `output` without making a string first (a template's values).
    func appendEscapingHTML(to output: inout [UInt8]) {
        var text = self
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                guard let reference = Self.reference(for: bytes[index]) else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                output.append(contentsOf: UnsafeBufferPointer(start: reference.utf8Start, count: reference.utf8CodeUnitCount))
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    private static func reference(for byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }

    /// Extra bytes the escaped form of each byte takes.
    private static let escapeGrowth: [Int] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "&"), UInt8(ascii: "'"): 4
        case UInt8(ascii: "<"), UInt8(ascii: ">"): 3
        case UInt8(ascii: "\""): 5
        default: 0
        }
    }
}

extension String {
    /// Substring test on UTF-8 bytes; Foundation's `contains(_:)` goes through a slow bridged search.
    func containsBytes(_ needle: String) -> Bool {
        var text = self
        return text.withUTF8 { $0.firstOffset(of: Array(needle.utf8)) != nil }
    }

    /// The parts of a path between its slashes, empty ones left out, split on bytes (a slash is
    /// never part of another character in UTF-8; `split` on characters is several times slower).
    var pathParts: [String] {
        utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The folder that holds a path, as `NSString.deletingLastPathComponent` gives it
    /// (`content/practices` of `content/practices/a.md`, `/` of `/a`, empty for a single part;
    /// trailing slashes ignored), found on bytes: it runs for every file a build writes or links
    /// into a folder it had to make, and the bridge to `NSString` costs microseconds each time.
    var parentPath: String {
        var bytes = utf8[...]
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes = bytes.dropLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        var end = slash
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
        return end == bytes.startIndex ? "/" : String(decoding: bytes[..<end], as: UTF8.self)
    }
}

extension String {
    /// `%XX` sequences decoded (the text itself when it has none or they are not valid UTF-8).
    /// Most links hold no `%`, and Foundation's decoder is slow even then.
    var percentDecoded: String {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
        return removingPercentEncoding ?? self
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Where `pattern` first occurs at or after `start`, as a byte offset (`start` for an empty
    /// pattern): memchr finds each candidate first byte, memcmp checks the rest.
    func firstOffset(of pattern: [UInt8], from start: Int = 0) -> Int? {
        guard let first = pattern.first else { return start }
        guard let base = baseAddress else { return nil }
        var index = start
        while count - index >= pattern.count {
            guard let hit = memchr(base + index, Int32(first), count - index - pattern.count + 1) else { return nil }
            let found = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + found, pattern, pattern.count) == 0 { return found }
            index = found + 1
        }
        return nil
    }

    /// Every occurrence of the patterns (none empty) replaced, leftmost first; where two begin at
    /// the same byte, the one listed first. Each pattern is found with `firstOffset` and the bytes
    /// between are copied whole. Nil, and nothing copied, when none occurs.
    func replacing(_ pairs: [(pattern: [UInt8], replacement: [UInt8])]) -> [UInt8]? {
        var next = pairs.map { firstOffset(of: $0.pattern) }
        guard next.contains(where: { $0 != nil }) else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(count + 256)
        var cursor = 0
        while true {
            var best: (number: Int, offset: Int)?
            for number in pairs.indices {
                // An occurrence inside what was just replaced is looked for again after it.
                if let offset = next[number], offset < cursor { next[number] = firstOffset(of: pairs[number].pattern, from: cursor) }
                if let offset = next[number], offset < best?.offset ?? .max { best = (number, offset) }
            }
            guard let best else { break }
            result.append(contentsOf: self[cursor..<best.offset])
            result.append(contentsOf: pairs[best.number].replacement)
            cursor = best.offset + pairs[best.number].pattern.count
        }
        result.append(contentsOf: self[cursor...])
        return result
    }
}
