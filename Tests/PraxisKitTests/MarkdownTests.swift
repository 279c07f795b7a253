import Testing
@testable import PraxisKit

@Suite("Markdown conversion")
struct MarkdownTests {
    @Test func bodyTextIsKeptPerHeadingSection() {
        let document = CMark.parse("""
        Intro *text*
        over two lines.

        ## What it is
        A [link](x.md) and `code`.

        ```
        let x = 1
        ```
        ## Empty
        """)
        #expect(document.sections == [
            .init(headingID: nil, heading: "", text: "Intro text over two lines."),
            .init(headingID: "what-it-is", heading: "What it is", text: "A link and code. let x = 1"),
            .init(headingID: "empty", heading: "Empty", text: ""),
        ])
    }

    @Test func linksKeepTheirSentenceAsContext() {
        let document = CMark.parse("First sentence. Then see [the guide](guide.md) for more! Last one.")
        #expect(document.references.map(\.context) == ["Then see the guide for more!"])
    }

    @Test func externalLinksAndAnchorsAreLeftAlone() {
        let document = CMark.parse("[a](https://example.org) [b](#here) [c](mailto:x@example.org) [d](other.md) [e](//cdn.example.org/x)")
        #expect(document.references.map(\.destination) == ["other.md"])
        #expect(document.html.contains("href=\"https://example.org\""))
    }
}
