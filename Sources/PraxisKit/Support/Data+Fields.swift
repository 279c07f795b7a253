import Foundation

/// One line of a text file of fields (`Data.forEachLine`): its fields as bytes, valid only
/// while the line is being read. On bytes, not characters: the output manifest and stamps of a
/// large site are a hundred thousand lines, read before every build.
struct LineFields: ~Copyable {
    fileprivate var fields: [UnsafeBufferPointer<UInt8>]

    func string(_ index: Int) -> String { String(decoding: fields[index], as: UTF8.self) }

    /// A decimal number, with a minus sign or none; nil for anything else.
    func integer(_ index: Int) -> Int64? {
        let digits = fields[index]
        guard digits.first == UInt8(ascii: "-") else { return Self.decimal(digits[...]).flatMap { Int64(exactly: $0) } }
        return Self.decimal(digits.dropFirst()).flatMap { $0 == UInt64(Int64.max) + 1 ? Int64.min : Int64(exactly: $0).map { -$0 } }
    }

    /// A decimal number without a sign; nil for anything else.
    func unsigned(_ index: Int) -> UInt64? { Self.decimal(fields[index][...]) }

    private static func decimal(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }

    /// A hash as `ContentHash.description` writes it; nil for anything else.
    func hash(_ index: Int) -> ContentHash? { ContentHash(hexadecimal: fields[index]) }
}

extension Data {
    /// Calls `body` with each line of the bytes from `offset` on (lines end at `\n`; empty ones are
    /// skipped) cut at its first `count - 1` spaces into `count` fields, the last taking the rest
    /// of the line; a line with fewer fields is skipped.
    func forEachLine(from offset: Int = 0, fields count: Int, _ body: (borrowing LineFields) -> Void) {
        withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var line = LineFields(fields: [])
            line.fields.reserveCapacity(count)
            var start = offset
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                line.fields.removeAll(keepingCapacity: true)
                var fieldStart = start
                for index in start..<end where bytes[index] == UInt8(ascii: " ") && line.fields.count < count - 1 {
                    line.fields.append(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]))
                    fieldStart = index + 1
                }
                if end > start, line.fields.count == count - 1 {
                    line.fields.append(UnsafeBufferPointer(rebasing: bytes[fieldStart..<end]))
                    body(line)
                }
                start = end + 1
            }
        }
    }
}
