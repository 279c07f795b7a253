import Foundation
import Testing
@testable import PraxisKit

/// `JSONText.append` copies the runs between escaped bytes whole: it must write what escaping
/// byte by byte wrote (`escapedByteByByte`, the encoder's rule before), on every awkward string.
@Suite("JSON text")
struct JSONTextTests {
    /// The escaping `JSONText` did byte by byte, kept as the reference.
    static func escapedByteByByte(_ string: String) -> [UInt8] {
        let bytes = Array(string.utf8)
        var output: [UInt8] = [UInt8(ascii: "\"")]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""): output += [0x5C, 0x22]
            case UInt8(ascii: "\\"): output += [0x5C, 0x5C]
            case 0x0A: output += [0x5C, UInt8(ascii: "n")]
            case 0x0D: output += [0x5C, UInt8(ascii: "r")]
            case 0x09: output += [0x5C, UInt8(ascii: "t")]
            case 0x00..<0x20: output += Array(String(format: "\\u%04x", byte).utf8)
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                output += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default: output.append(byte)
            }
            index += 1
        }
        return output + [UInt8(ascii: "\"")]
    }

    static func appended(_ string: String) -> [UInt8] {
        var output: [UInt8] = [7]
        JSONText.append(string, to: &output)
        return Array(output.dropFirst())
    }

    @Test func awkwardStringsAreEscapedAsByteByByte() throws {
        let strings = IndexJSONWriterTests.awkward + [
            "\"", "\\", "\"\"", "a\"", "\"a", "\n\n\n", "\u{2028}\u{2028}", "\u{2028}\u{2029}x\"y\\z\u{1}",
            "ends with E2 lookalike \u{2026}", "\u{2026}\u{2027}\u{2028}\u{2029}\u{202A}", "\u{1F}\u{20}\u{7F}\u{80}",
            String(repeating: "long run without escapes ", count: 40) + "\"" + String(repeating: "é", count: 30),
        ]
        for string in strings {
            let written = Self.appended(string)
            #expect(written == Self.escapedByteByByte(string), "\(string.unicodeScalars.map(\.value))")
            #expect(try JSONDecoder().decode(String.self, from: Data(written)) == string)
        }
    }

    /// Random strings from an alphabet of escaped bytes, their look-alikes and plain text.
    @Test func randomStringsAreEscapedAsByteByByte() {
        let alphabet: [String] = ["a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{2028}", "\u{2029}",
                                  "\u{2026}", "\u{2027}", "\u{202A}", "\u{20AC}", "é", "中", "😀", "/"]
        var random = SeededGenerator(seed: 2028)
        for _ in 0..<2000 {
            let string = (0..<Int.random(in: 0...24, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            #expect(Self.appended(string) == Self.escapedByteByByte(string), "\(string.unicodeScalars.map(\.value))")
        }
    }

    @Test func membersKeepTheirKeysInTheOrderGiven() {
        var output: [UInt8] = []
        JSONText.appendMembers(["to": "b\"", "from": "a\u{2028}"], to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #""to":"b\"","from":"a\u2028""#)
        #expect(String(decoding: JSONText.encoded("a\u{2029}\n"), as: UTF8.self) == #""a\u2029\n""#)
    }
}
