import Foundation

/// Slugs name documents' output folders and taxonomy terms (README "Slugs"). Normal form: lowercase
/// letters and digits of any script, separated by single hyphens, in NFC; Latin letters lose their
/// accents (`São Tomé` → `sao-tome`), other scripts keep every mark, since one is often a different
/// letter (`Київ` → `київ`, not `киів`). `東京` stays `東京`: dropping it would leave nothing, and
/// GitHub's heading ids keep such letters too. URLs percent-encode what is not ASCII (`URLStyle`).
public enum Slug {
    public static func normalize(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return normalizeASCII(text) }
        var result = ""
        var pendingHyphen = false
        // Compatibility forms first: `ﬁ` → `fi`, full-width `Ａ` → `a`, `①` → `1`.
        for character in text.precomposedStringWithCompatibilityMapping.lowercased() {
            guard let kept = letters(of: character) else { pendingHyphen = true; continue }
            if pendingHyphen, !result.isEmpty { result.append("-") }
            pendingHyphen = false
            result += kept
        }
        return result
    }

    public static func isNormal(_ text: String) -> Bool { !text.isEmpty && normalize(text) == text }

    /// Names `site.yml` gives to kinds, their folders, fields and themes: ASCII letters and digits
    /// separated by hyphens, since they also name templates (`document-KIND.mustache`) and CSS classes.
    public static func identifier(_ text: String) -> String {
        normalizeASCII(text.unicodeScalars.allSatisfy(\.isASCII) ? text : fold(text))
    }

    public static func isIdentifier(_ text: String) -> Bool { !text.isEmpty && identifier(text) == text }

    /// Lowercase, with diacritics removed and the common letters that do not decompose spelled out.
    static func fold(_ text: String) -> String {
        let folded = text.lowercased().folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        guard !folded.unicodeScalars.allSatisfy(\.isASCII) else { return folded }
        return folded.replacingBytes(spelledOut)
    }
}

private extension Slug {
    /// What one lowercase character contributes to a slug, or nil if it separates words.
    static func letters(of character: Character) -> String? {
        let decomposed = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
        guard let base = decomposed.first else { return nil }
        if base.isASCII {
            // A Latin letter with marks (é, ñ, ǅ) is its letter; ASCII punctuation separates.
            let isWordByte = ("a"..."z").contains(base) || ("0"..."9").contains(base)
            return isWordByte ? String(base) : nil
        }
        if let spelled = spelledOutLetters[character] { return spelled }
        switch base.properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return String(character).precomposedStringWithCanonicalMapping
        default:
            return nil
        }
    }

    /// The rule on bytes, for the usual all-ASCII text (no folding needed).
    static func normalizeASCII(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for byte in text.utf8 {
            let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            if (0x61...0x7A).contains(lower) || (0x30...0x39).contains(lower) {
                if pendingHyphen, !result.isEmpty { result.append(0x2D) }
                pendingHyphen = false
                result.append(lower)
            } else {
                pendingHyphen = true
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    static let spelledOut: [(String, String)] = [
        ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("ø", "o"), ("ł", "l"), ("đ", "d"), ("ð", "d"), ("þ", "th"), ("ı", "i"),
    ]
    static let spelledOutLetters: [Character: String] = Dictionary(uniqueKeysWithValues: spelledOut.map { (Character($0.0), $0.1) })
}
