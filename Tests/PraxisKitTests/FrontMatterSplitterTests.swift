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
}
