import Foundation

/// A document's text after decoding: UTF-8 checked, a leading BOM removed, CRLF and lone CR
/// turned into LF. Line numbers are unchanged by all three.
struct SourceText {
    let text: String

    enum Failure: Error {
        /// The first invalid byte, as a 1-based line and byte column.
        case invalidUTF8(line: Int, column: Int)
    }

    static func decode(_ bytes: Data) -> Result<SourceText, Failure> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard var text = String(validating: body, as: UTF8.self) else {
            let (line, column) = firstInvalidByte(in: Array(body))
            return .failure(.invalidUTF8(line: line, column: column))
        }
        if text.utf8.contains(13) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return .success(SourceText(text: text))
    }

    /// Converts a UTF-8 byte column on `line` (1-based) of `text` into a character column.
    static func characterColumn(in text: Substring, line: Int, byteColumn: Int) -> Int {
        var currentLine = 1
        var lineStart = text.startIndex
        if line > 1 {
            for index in text.indices where text[index] == "\n" {
                currentLine += 1
                if currentLine == line { lineStart = text.index(after: index); break }
            }
        }
        let utf8 = text.utf8
        guard let end = utf8.index(lineStart, offsetBy: byteColumn - 1, limitedBy: utf8.endIndex) else { return byteColumn }
        return text[lineStart..<end].count + 1
    }

    private static func firstInvalidByte(in bytes: [UInt8]) -> (line: Int, column: Int) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, lineStart = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") { line += 1; lineStart = offset + 1 }
                offset += encoded.count
            case .error:
                return (line, offset - lineStart + 1)
            case .emptyInput:
                return (line, offset - lineStart + 1)
            }
        }
    }
}
