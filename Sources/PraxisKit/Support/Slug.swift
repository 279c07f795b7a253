import Foundation

/// Slugs name output folders and taxonomy terms. Normal form: lowercase ASCII letters and digits
/// separated by single hyphens, accents folded (`São Tomé` → `sao-tome`). See README "Slugs".
public enum Slug {
    public static func normalize(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return normalizeASCII(text) }
        var result = ""
        var pendingHyphen = false
        for scalar in fold(text).unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return result
    }

    /// The same rule on bytes, for the usual all-ASCII text (no folding needed).
    private static func normalizeASCII(_ text: String) -> String {
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

    public static func isNormal(_ text: String) -> Bool { !text.isEmpty && normalize(text) == text }

    /// Lowercase, with diacritics removed and the common letters that do not decompose spelled out.
    static func fold(_ text: String) -> String {
        var folded = text.lowercased().folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        guard !folded.unicodeScalars.allSatisfy(\.isASCII) else { return folded }
        return folded.replacingBytes(spelledOut)
    }

    private static let spelledOut: [(String, String)] = [
        ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("ø", "o"), ("ł", "l"), ("đ", "d"), ("ð", "d"), ("þ", "th"), ("ı", "i"),
    ]
}
