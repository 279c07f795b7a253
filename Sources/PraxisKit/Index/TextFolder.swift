import Foundation

/// Case and diacritic folding of one Unicode scalar, the same way `text.js` folds it in the
/// browser: compatibility decomposition (NFKD), combining marks dropped, lowercase, and the
/// letters that do not decompose spelled out (`ß` → `ss`, `ø` → `o`). `São Tomé` → `sao tome`.
///
/// Folding scalar by scalar (instead of whole strings) lets the browser map every folded
/// character back to its place in the original text when it highlights matches.
struct TextFolder {
    /// Scalars outside the precomputed Latin range, folded once per tokenizer.
    private var cache: [Unicode.Scalar: String] = [:]

    init() {}

    mutating func fold(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x80 {
            let lower = (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
            return String(lower)
        }
        if scalar.value < TextFolder.latinEnd { return TextFolder.latin[Int(scalar.value) - 0x80] }
        if let known = cache[scalar] { return known }
        let folded = TextFolder.compute(scalar)
        cache[scalar] = folded
        return folded
    }

    /// Latin-1 and Latin Extended-A/B cover most European text; folded once, shared by all threads.
    private static let latinEnd: UInt32 = 0x250
    private static let latin: [String] = (0x80..<latinEnd).map { compute(Unicode.Scalar($0)!) }

    /// Letters that compatibility decomposition leaves alone but readers type without the accent.
    /// Keep in step with `SPELLED_OUT` in themes/default/assets/search/text.js.
    static let spelledOut: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "ħ": "h",
        "ς": "σ",
    ]

    private static func compute(_ scalar: Unicode.Scalar) -> String {
        var result = ""
        for part in String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars where !isMark(part) {
            for lower in part.properties.lowercaseMapping.unicodeScalars {
                if let spelled = spelledOut[lower] { result += spelled } else { result.unicodeScalars.append(lower) }
            }
        }
        return result
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Letters and numbers make words (`\p{L}` and `\p{N}` in the browser).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    /// Scripts written without spaces between words: each character is a term of its own, and
    /// a run of them is searched as a phrase (the word-pair index keeps their order).
    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
