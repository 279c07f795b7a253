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

    /// A link with no text has no sentence of its own: it takes the block's first sentence, as it
    /// did before the search went to bytes (that search read the byte before the text's start,
    /// offset -1, and the build crashed).
    @Test func aLinkWithNoTextTakesTheFirstSentenceAndDoesNotCrash() {
        #expect(CMark.parse("See [](a.md) here. And more.").references.map(\.context) == ["See here."])
        #expect(CMark.parse("[](a.md)").references.map(\.context) == [""])
        #expect(CMark.parse("[ ](a.md) x").references.map(\.context) == ["x"])
        #expect(CMark.parse("- [](a.md)\n- [](b.md).").references.map(\.context) == ["", "."])
    }

    @Test func externalLinksAndAnchorsAreLeftAlone() {
        let document = CMark.parse("[a](https://example.org) [b](#here) [c](mailto:x@example.org) [d](other.md) [e](//cdn.example.org/x)")
        #expect(document.references.map(\.destination) == ["other.md"])
        #expect(document.html.contains("href=\"https://example.org\""))
    }
}
