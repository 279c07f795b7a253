import Foundation

/// Checks the Parse stage makes for every value and link, on UTF-8 bytes. Foundation's
/// `trimmingCharacters`, `contains` and regular expressions bridge through NSString: measured,
/// a blank check cost about 19,000 instructions and was a tenth of parsing. Each helper answers
/// exactly what the Foundation call it replaces answered (see the notes on each).
extension String {
    /// True when `trimmingCharacters(in: .whitespaces)` would leave nothing: every scalar is a
    /// space, a tab or another space separator (`CharacterSet.whitespaces`, all in the BMP, so
    /// NSString's UTF-16 units and the scalars agree).
    var isBlank: Bool {
        for scalar in unicodeScalars {
            if scalar == " " || scalar == "\t" { continue }
            if scalar.isASCII || !CharacterSet.whitespaces.contains(scalar) { return false }
        }
        return true
    }

    /// The text with spaces, tabs and other space separators trimmed from both ends, as
    /// `trimmingCharacters(in: .whitespaces)` gives it.
    var trimmingBlanks: String {
        let scalars = unicodeScalars
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (!scalar.isASCII && CharacterSet.whitespaces.contains(scalar))
        }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isBlank($0) })!
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }

    /// True when every byte is ASCII. Character-level and Foundation string operations agree
    /// with plain byte comparisons on such text (no combining marks, no case folding beyond A–Z),
    /// so the byte-level fast paths below are taken only then.
    var isASCII: Bool {
        var text = self
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    }

    /// True when the UTF-8 bytes hold `byte` (memchr; a String's UTF-8 view is searched byte by byte).
    func hasByte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// What Foundation's `contains(_:)` answers for an ASCII `needle`: on ASCII text, a byte
    /// search; on other text Foundation itself, which does not match a character that a combining
    /// mark extends.
    func containsLiterally(_ needle: String) -> Bool {
        guard isASCII else { return range(of: needle) != nil }
        return containsBytes(needle)
    }
}
