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
        bytes.withUnsafeBytes { raw -> Result<SourceText, Failure> in
            var body = raw.bindMemory(to: UInt8.self)
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = UnsafeBufferPointer(rebasing: body.dropFirst(3)) }
            // Validated straight from the file's buffer, and searched for a CR with memchr: on a
            // String's UTF-8 view the search went byte by byte and was a twentieth of parsing.
            guard let start = body.baseAddress, memchr(start, 13, body.count) != nil else {
                guard let text = String(validating: body, as: UTF8.self) else { return .failure(invalid(body)) }
                return .success(SourceText(text: text))
            }
            guard let lines = Self.normalisingLineEnds(body) else {
                guard var text = String(validating: body, as: UTF8.self) else { return .failure(invalid(body)) }
                text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                return .success(SourceText(text: text))
            }
            guard let text = lines.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else { return .failure(invalid(body)) }
            return .success(SourceText(text: text))
        }
    }

    /// Where each line of a text starts, for turning UTF-8 byte columns into character columns.
    struct LineIndex {
        private let bytes: [UInt8]
        private let starts: [Int]

        init(_ text: String) {
            bytes = Array(text.utf8)
            starts = SourceText.lineStarts(of: bytes)
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

    /// Where each line of `bytes` starts: 0, and the offset after each line break (found with memchr).
    static func lineStarts(of bytes: [UInt8]) -> [Int] {
        bytes.withUnsafeBufferPointer { buffer in
            var starts = [0]
            guard let base = buffer.baseAddress else { return starts }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 10, buffer.count - offset) {
                offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(offset)
            }
            return starts
        }
    }

    /// CRLF, then every CR left, as LF, in one pass over the bytes. Nil when a line end is
    /// followed by a non-ASCII byte: Foundation's replacing (which the caller then uses) leaves a
    /// line end alone when a combining mark follows it, and this keeps every such file as it was.
    private static func normalisingLineEnds(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard byte == 13 else { result.append(byte); continue }
            if index < bytes.count, bytes[index] == 10 { index += 1 }
            if index < bytes.count, bytes[index] >= 0x80 { return nil }
            result.append(10)
        }
        return result
    }

    private static func invalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Failure {
        let (line, column) = firstInvalidByte(in: Array(bytes))
        return .invalidUTF8(line: line, column: column)
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
