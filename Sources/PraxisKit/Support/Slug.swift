import Foundation

/// Slugs name output folders and taxonomy terms. Normal form: lowercase ASCII letters and digits
/// separated by single hyphens, accents folded (`São Tomé` → `sao-tome`). See README "Slugs".
public enum Slug {
    public static func normalize(_ text: String) -> String {
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

    public static func isNormal(_ text: String) -> Bool { !text.isEmpty && normalize(text) == text }

    /// Lowercase, with diacritics removed and the common letters that do not decompose spelled out.
    static func fold(_ text: String) -> String {
        var folded = text.lowercased().folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        guard !folded.unicodeScalars.allSatisfy(\.isASCII) else { return folded }
        for (letter, spelling) in spelledOut { folded = folded.replacingOccurrences(of: letter, with: spelling) }
        return folded
    }

    private static let spelledOut: [(String, String)] = [
        ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("ø", "o"), ("ł", "l"), ("đ", "d"), ("ð", "d"), ("þ", "th"), ("ı", "i"),
    ]
}
