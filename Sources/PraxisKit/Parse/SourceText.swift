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

    /// Where each line of a text starts, for turning UTF-8 byte columns into character columns.
    struct LineIndex {
        private let bytes: [UInt8]
        private let starts: [Int]

        init(_ text: String) {
            var text = text
            bytes = text.withUTF8 { Array($0) }
            var starts = [0]
            bytes.withUnsafeBufferPointer { buffer in
                for offset in buffer.indices where buffer[offset] == UInt8(ascii: "\n") { starts.append(offset + 1) }
            }
            self.starts = starts
        }

        /// The 1-based character column of a 1-based UTF-8 byte column on `line` (1-based).
        func characterColumn(line: Int, byteColumn: Int) -> Int {
            guard line >= 1, line <= starts.count, byteColumn > 1 else { return max(byteColumn, 1) }
            let start = starts[line - 1]
            guard start + byteColumn - 1 <= bytes.count else { return byteColumn }
            let prefix = bytes[start..<start + byteColumn - 1]
            if prefix.allSatisfy({ $0 < 0x80 }) { return byteColumn }
            return String(decoding: prefix, as: UTF8.self).count + 1
        }
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
