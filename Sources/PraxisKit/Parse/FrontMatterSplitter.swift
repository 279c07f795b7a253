import Foundation

/// Splits a document into its YAML front matter and its Markdown body, keeping the line numbers
/// each starts on so positions can be reported in file coordinates.
struct FrontMatterSplit: Hashable {
    var yaml: String
    /// File line of the first YAML line (the line after the opening `---`).
    var yamlFirstLine: Int
    var body: String
    /// File line of the body's first line.
    var bodyFirstLine: Int
}

enum FrontMatterSplitter {
    enum Failure: Error, Equatable {
        /// No opening `---`: line and the offending line's text.
        case missing(line: Int)
        /// An opening `---` at `line` that nothing closes.
        case unterminated(line: Int)
    }

    static func split(_ text: String) -> Result<FrontMatterSplit, Failure> {
        // Lines as byte offsets found with memchr: only the lines up to the closing fence are
        // looked at, and the YAML and the body are each one copy of a slice.
        var contiguous = text
        return contiguous.withUTF8 { bytes in
            var lineStart = 0
            var number = 0
            var open: Int?
            var yamlStart = 0
            while lineStart <= bytes.count {
                let lineEnd = bytes.firstOffset(of: [UInt8(ascii: "\n")], from: lineStart) ?? bytes.count
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                number += 1
                if let openLine = open {
                    if isFence(line, closing: true) {
                        // The YAML without the line break before the closing fence.
                        let yaml = slice(text, yamlStart..<max(yamlStart, lineStart - 1))
                        let body = slice(text, min(lineEnd + 1, bytes.count)..<bytes.count)
                        return .success(FrontMatterSplit(yaml: yaml, yamlFirstLine: openLine + 1, body: body, bodyFirstLine: number + 1))
                    }
                } else if !isBlank(line) {
                    // Blank lines before the opening fence are tolerated; anything else is not front matter.
                    guard isFence(line, closing: false) else { return .failure(.missing(line: number)) }
                    open = number
                    yamlStart = min(lineEnd + 1, bytes.count)
                }
                guard lineEnd < bytes.count else { break }
                lineStart = lineEnd + 1
            }
            if let open { return .failure(.unterminated(line: open)) }
            return .failure(.missing(line: 1))
        }
    }

    /// `---` (or `...` to close), then nothing but spaces and tabs. Any other byte, a combining
    /// mark included, makes the line something else, as it did when lines were compared as characters.
    private static func isFence(_ line: UnsafeBufferPointer<UInt8>, closing: Bool) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard end == 3 else { return false }
        let dash = UInt8(ascii: "-"), dot = UInt8(ascii: ".")
        return (line[0] == dash && line[1] == dash && line[2] == dash) || (closing && line[0] == dot && line[1] == dot && line[2] == dot)
    }

    /// A line of white space only (`Character.isWhitespace`); ASCII lines are checked byte by byte.
    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.allSatisfy({ $0 < 0x80 }) else {
            return String(decoding: line, as: UTF8.self).allSatisfy(\.isWhitespace)
        }
        return line.allSatisfy { $0 == 32 || (9...13).contains($0) }
    }

    /// Bytes `range` of `text` (on line boundaries) as a string, copied without decoding again.
    private static func slice(_ text: String, _ range: Range<Int>) -> String {
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: range.lowerBound)
        let end = text.utf8.index(start, offsetBy: range.count)
        return String(text[start..<end])
    }
}
