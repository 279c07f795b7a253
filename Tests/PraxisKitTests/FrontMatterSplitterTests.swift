import Foundation
import Testing
@testable import PraxisKit

@Suite("Front matter split")
struct FrontMatterSplitterTests {
    @Test func splitsYAMLFromBodyAndKeepsLineNumbers() throws {
        let split = try FrontMatterSplitter.split("---\ntitle: A\n---\n\n# Body\n").get()
        #expect(split.yaml == "title: A")
        #expect(split.yamlFirstLine == 2)
        #expect(split.body == "\n# Body\n")
        #expect(split.bodyFirstLine == 4)
    }

    @Test func toleratesBlankLinesBeforeTheFenceAndTrailingSpaces() throws {
        let split = try FrontMatterSplitter.split("\n\n---  \ntitle: A\n--- \nBody").get()
        #expect(split.yamlFirstLine == 4)
        #expect(split.body == "Body")
    }

    @Test func documentWithoutFinalNewlineOrBody() throws {
        let split = try FrontMatterSplitter.split("---\ntitle: A\n---").get()
        #expect(split.yaml == "title: A")
        #expect(split.body == "")
    }

    @Test func missingFrontMatterIsReportedOnTheFirstLine() {
        #expect(FrontMatterSplitter.split("# Just Markdown\n") == .failure(.missing(line: 1)))
    }

    @Test func unterminatedFrontMatterPointsAtTheOpeningFence() {
        #expect(FrontMatterSplitter.split("\n---\ntitle: A\n") == .failure(.unterminated(line: 2)))
    }

    @Test func decodingRemovesBOMAndCRLF() throws {
        let bytes = Data([0xEF, 0xBB, 0xBF]) + Data("---\r\ntitle: A\r\n---\r\nBody".utf8)
        let text = try SourceText.decode(bytes).get().text
        #expect(text == "---\ntitle: A\n---\nBody")
    }

    @Test func invalidUTF8ReportsTheFirstBadByte() {
        let bytes = Data("---\ntitle: caf".utf8) + Data([0xE9]) + Data("\n".utf8)
        guard case let .failure(.invalidUTF8(line, column)) = SourceText.decode(bytes) else {
            Issue.record("expected a decoding failure"); return
        }
        #expect(line == 2)
        #expect(column == 11)
    }

    /// Line ends are normalised on bytes, except where a combining mark follows one: there
    /// Foundation's replacing, which leaves such a line end alone, still decides.
    @Test(arguments: [
        ("a\r\nb\rc\r\r\nd\r", "a\nb\nc\n\nd\n"),
        ("a\r\u{301}b", "a\r\u{301}b"),
        ("a\r\n\u{301}b", "a\n\n\u{301}b"),
        ("é\r\nü\rx", "é\nü\nx"),
    ])
    func lineEndsBecomeLineFeedsAsFoundationMadeThem(_ input: String, _ expected: String) throws {
        #expect(try SourceText.decode(Data(input.utf8)).get().text == expected)
    }

    /// The byte pass against Foundation's replacing, on random texts of line ends, combining
    /// marks, joiners, prepended and Hangul letters, and other line breaks.
    @Test func lineEndsBecomeWhatFoundationMakesOfRandomTexts() throws {
        var random = SeededGenerator(seed: 0x6C69_6E65)
        let pieces = ["a", " ", "\r", "\n", "\r\n", "é", "\u{301}", "\u{600}", "\u{200D}", "😀", "\u{1F3FB}", "\u{FE0F}",
                      "\u{1100}", "\u{1161}", "\u{AC00}", "\u{11A8}", "\u{915}", "\u{94D}", "\u{1F1E6}", "\u{85}", "\u{2028}", "\t"]
        for _ in 0..<20_000 {
            let text = (0..<random.int(1...8)).map { _ in random.pick(pieces) }.joined()
            let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            let decoded = try SourceText.decode(Data(text.utf8)).get().text
            #expect(decoded.utf8.elementsEqual(expected.utf8), "\(text.debugDescription)")
        }
    }

    @Test func aFenceFollowedByACombiningMarkIsNoFence() {
        #expect(FrontMatterSplitter.split("---\u{301}\ntitle: A\n---\n") == .failure(.missing(line: 1)))
        #expect(FrontMatterSplitter.split("---\ntitle: A\n--- \u{301}\n") == .failure(.unterminated(line: 1)))
    }

    @Test func blankLinesOfAnyWhiteSpaceBeforeTheFenceAndDotsToClose() throws {
        let split = try FrontMatterSplitter.split("\u{3000}\n \t\n--- \t\ntitle: Ü\n...\nBody").get()
        #expect(split.yaml == "title: Ü")
        #expect(split.yamlFirstLine == 4)
        #expect(split.body == "Body")
        #expect(split.bodyFirstLine == 6)
        #expect(try FrontMatterSplitter.split("---\n---\n").get().yaml == "")
    }

    @Test func datesAreFourTwoAndTwoASCIIDigitsOfARealDay() {
        #expect(Day("2024-02-29")?.description == "2024-02-29")
        for text in ["2023-02-29", "2024-1-01", "2024-01-01 ", "+024-01-01", "２０２４-01-01", "2024-13-01", "2024-00-10", "2024/01/01", ""] {
            #expect(Day(text) == nil, "\(text)")
        }
    }

    @Test func asciiHeadingIdsMatchTheUnicodeRule() {
        #expect(HeadingIDs.slug("Hello World_x-y! (2)") == "hello-world_x-y-2")
        #expect(HeadingIDs.slug("A  B\tC") == "a--bc")
        #expect(HeadingIDs.slug("Ünïcode Straße ½") == "ünïcode-straße-½")
    }
}
