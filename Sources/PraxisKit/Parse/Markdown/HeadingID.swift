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
