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
        // Lines as byte ranges: only the lines up to the closing fence are looked at, and the
        // body is one slice, not a re-joined list of lines.
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        var number = 0
        var open: Int?
        var yamlStart = bytes.startIndex
        while lineStart <= bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let line = Substring(text[lineStart..<lineEnd])
            number += 1
            if let openLine = open {
                if isFence(line, closing: true) {
                    let yaml = String(text[yamlStart..<lineStart].dropLast())
                    let body = lineEnd < bytes.endIndex ? String(text[bytes.index(after: lineEnd)...]) : ""
                    return .success(FrontMatterSplit(yaml: yaml, yamlFirstLine: openLine + 1, body: body, bodyFirstLine: number + 1))
                }
            } else if !line.allSatisfy(\.isWhitespace) {
                // Blank lines before the opening fence are tolerated; anything else is not front matter.
                guard isFence(line, closing: false) else { return .failure(.missing(line: number)) }
                open = number
                yamlStart = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : lineEnd
            }
            guard lineEnd < bytes.endIndex else { break }
            lineStart = bytes.index(after: lineEnd)
        }
        if let open { return .failure(.unterminated(line: open)) }
        return .failure(.missing(line: 1))
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var text = line
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text == "---" || (closing && text == "...")
    }
}
