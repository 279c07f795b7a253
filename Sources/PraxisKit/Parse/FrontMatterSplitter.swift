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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Blank lines before the opening fence are tolerated; anything else is not front matter.
        guard let open = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else { return .failure(.missing(line: 1)) }
        guard isFence(lines[open], closing: false) else { return .failure(.missing(line: open + 1)) }
        guard let close = lines[(open + 1)...].firstIndex(where: { isFence($0, closing: true) }) else {
            return .failure(.unterminated(line: open + 1))
        }
        let yaml = lines[(open + 1)..<close].joined(separator: "\n")
        let body = close + 1 < lines.count ? lines[(close + 1)...].joined(separator: "\n") : ""
        return .success(FrontMatterSplit(yaml: yaml, yamlFirstLine: open + 2, body: body, bodyFirstLine: close + 2))
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var text = line
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text == "---" || (closing && text == "...")
    }
}
