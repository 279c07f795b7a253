import Foundation

/// A front matter value after the schema checked it.
public enum FieldValue: Sendable, Hashable {
    case string(String)
    case list([String])
    case date(Day)
    /// A number, kept as written.
    case number(String)
    case boolean(Bool)
    /// One or more references to other documents (`link` and `links` fields).
    case links([DocumentReference])
    case period(start: String, end: String?)
    /// Rows of cells, in the order of the field's `columns`.
    case table([[String]])

    /// The value's strings, for taxonomies and search facets.
    public var terms: [String] {
        switch self {
        case let .string(value): return [value]
        case let .list(values): return values
        default: return []
        }
    }
}

/// A calendar day, as front matter writes it: `YYYY-MM-DD`.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Exactly four ASCII digits, `-`, two, `-`, two, read on bytes (splitting and reading
    /// characters cost 18,000 instructions a date): a calendar day or nil.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...Day.length(ofMonth: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2025-03-14`. Made for every card on every listing page: without `String(format:)`, which
    /// goes through Foundation's formatter.
    public var description: String {
        func padded(_ number: Int, to width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, to: 4))-\(padded(month, to: 2))-\(padded(day, to: 2))"
    }

    /// "14 March 2025": unambiguous in every English-speaking country.
    public var readable: String { "\(day) \(Day.monthNames[month - 1]) \(year)" }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func length(ofMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
}

/// A relative path to another document, as written in front matter, with where it was written.
public struct DocumentReference: Sendable, Hashable {
    public var path: String
    public var location: SourceLocation
}

/// A front matter value the schema does not declare, kept for templates.
public indirect enum YAMLValue: Sendable, Hashable {
    case scalar(String)
    case sequence([YAMLValue])
    case mapping([String: YAMLValue])
}
