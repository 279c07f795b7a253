/// Heading ids as GitHub makes them, so `#anchors` mean the same on GitHub and on the site:
/// lowercase; letters, digits, marks, `-` and `_` kept; each space becomes `-`; everything else
/// dropped; a repeated id gets `-1`, `-2`, … in document order.
public struct HeadingIDs {
    private var used: Set<String> = []
    private var repeats: [String: Int] = [:]

    public init() {}

    public mutating func next(for text: String) -> String {
        var base = Self.slug(text)
        if base.isEmpty { base = "section" }
        var id = base
        while used.contains(id) {
            let count = (repeats[base] ?? 0) + 1
            repeats[base] = count
            id = "\(base)-\(count)"
        }
        used.insert(id)
        return id
    }

    public static func slug(_ text: String) -> String {
        if let ascii = asciiSlug(text) { return ascii }
        var id = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                id.append("-")
            } else if scalar == "-" || scalar == "_" || isKept(scalar) {
                id.append(scalar)
            }
        }
        return String(id)
    }

    /// `slug` of an ASCII text, on bytes (nil for any other text): there lowercasing touches A–Z
    /// only, and the kept characters are letters, digits, `_` (the one ASCII connector) and `-`.
    private static func asciiSlug(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                var end = 0
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: " "): output[end] = UInt8(ascii: "-")
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): output[end] = byte + 32
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): output[end] = byte
                    default: continue
                    }
                    end += 1
                }
                return end
            }
        }
    }

    private static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}
