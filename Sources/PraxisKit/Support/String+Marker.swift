/// Byte-level string work for the hot paths of parsing and rendering: Foundation's
/// `replacingOccurrences` and `contains` bridge through NSString and were a tenth of a build.
extension String {
    /// Replaces every occurrence of `pattern`, comparing UTF-8 bytes. Markers are strings that
    /// cannot occur in escaped HTML, such as ones holding a control character.
    func replacingBytes(_ pattern: String, with replacement: String) -> String {
        replacingBytes([(pattern, replacement)])
    }

    /// Several replacements in one pass; at each position the first pattern that matches wins.
    func replacingBytes(_ pairs: [(String, String)]) -> String {
        let patterns = pairs.map { (Array($0.0.utf8), Array($0.1.utf8)) }.filter { !$0.0.isEmpty }
        var starts = [Bool](repeating: false, count: 256)
        for (pattern, _) in patterns { starts[Int(pattern[0])] = true }
        var text = self
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { starts[Int($0)] }) else { return self }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 64)
            var index = 0
            outer: while index < bytes.count {
                let byte = bytes[index]
                if starts[Int(byte)] {
                    for (pattern, replacement) in patterns where index + pattern.count <= bytes.count && pattern[0] == byte {
                        if (1..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) {
                            result.append(contentsOf: replacement)
                            index += pattern.count
                            continue outer
                        }
                    }
                }
                result.append(byte)
                index += 1
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// The text escaped for an HTML attribute value or element content.
    var escapingHTML: String {
        replacingBytes([("&", "&amp;"), ("\"", "&quot;"), ("<", "&lt;"), (">", "&gt;")])
    }
}

extension String {
    /// Substring test on UTF-8 bytes; Foundation's `contains(_:)` goes through a slow bridged search.
    func containsBytes(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        var text = self
        return text.withUTF8 { bytes in
            guard bytes.count >= pattern.count else { return false }
            for index in 0...(bytes.count - pattern.count) where bytes[index] == first {
                if (1..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) { return true }
            }
            return false
        }
    }
}
