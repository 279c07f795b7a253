import Foundation

extension Data {
    /// Each line of the bytes (lines end at `\n`; empty ones are skipped) cut at its first
    /// `count - 1` spaces into `count` fields, the last taking the rest of the line; a line with
    /// fewer fields is skipped. On bytes, not characters: the output manifest and stamps of a large
    /// site are a hundred thousand lines, read before every build.
    func lineFields(_ count: Int) -> [[String]] {
        withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [[String]] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lines: [[String]] = []
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                var fields: [String] = []
                var fieldStart = start
                for index in start..<end where bytes[index] == UInt8(ascii: " ") && fields.count < count - 1 {
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), as: UTF8.self))
                    fieldStart = index + 1
                }
                if end > start, fields.count == count - 1 {
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<end]), as: UTF8.self))
                    lines.append(fields)
                }
                start = end + 1
            }
            return lines
        }
    }
}
