/// A Markdown body turned into Swift values by `CMark.parse`: HTML ready for the page except for
/// internal references, which carry placeholders that the Link stage fills in.
public struct MarkdownDocument: Sendable, Hashable {
    /// Rendered HTML. Internal link and image destinations read `praxis-ref:N`, N indexing `references`.
    public var html: String
    public var headings: [Heading]
    public var references: [Reference]
    /// Lines where raw HTML was dropped (the site did not opt in).
    public var droppedHTML: [BodyPosition]
    /// Images whose alternative text is empty.
    public var imagesWithoutAlt: [BodyPosition]
    /// The body as plain text, one entry per heading section (the first has no heading when
    /// text precedes the first heading); for search and similarity.
    public var sections: [Section]
    /// Same-page links (`[see below](#approach)`), checked against this document's heading ids.
    public var anchorLinks: [AnchorLink] = []
    /// Addresses that are dropped or break offline reading (`javascript:`, `file:`, external images).
    public var flaggedDestinations: [FlaggedDestination] = []

    public struct AnchorLink: Sendable, Hashable {
        public var fragment: String
        public var position: BodyPosition
    }

    public struct Section: Sendable, Hashable {
        public var headingID: String?
        public var heading: String
        public var text: String
    }

    public struct Heading: Sendable, Hashable {
        public var level: Int
        public var text: String
        /// GitHub's id for the heading; unique within the document.
        public var id: String
        public var position: BodyPosition
    }

    /// A link or image destination that is not an external URL or a same-page `#anchor`.
    public struct Reference: Sendable, Hashable {
        public var destination: String
        public var isImage: Bool
        public var position: BodyPosition
        /// The sentence the link stands in, as plain text: the context a backlink shows.
        public var context: String
        /// A `[[wiki link]]`: `destination` is a slug (`foo`, `practices/foo`, `foo#heading`).
        public var isWiki = false
        /// A wiki link without `|label` shows its target's title, filled in by the Link stage.
        public var needsTitle = false
    }

    /// A position in the Markdown body as cmark reports it: 1-based line of the body and
    /// 1-based column counted in UTF-8 bytes.
    public struct BodyPosition: Sendable, Hashable {
        public var line: Int
        public var byteColumn: Int
        /// The same column counted in characters, as editors show it; set by `resolvingColumns`.
        public var column = 0

        public init(line: Int, byteColumn: Int) {
            self.line = line
            self.byteColumn = byteColumn
        }
    }

    /// The document with the character column of every position filled in from `text`, the
    /// Markdown it was parsed from, so the text need not be kept for later diagnostics.
    func resolvingColumns(in text: String) -> MarkdownDocument {
        var document = self
        let lines = SourceText.LineIndex(text)
        func resolve(_ position: inout BodyPosition) { position.column = lines.characterColumn(line: position.line, byteColumn: position.byteColumn) }
        for index in document.headings.indices { resolve(&document.headings[index].position) }
        for index in document.references.indices { resolve(&document.references[index].position) }
        for index in document.anchorLinks.indices { resolve(&document.anchorLinks[index].position) }
        for index in document.flaggedDestinations.indices { resolve(&document.flaggedDestinations[index].position) }
        for index in document.droppedHTML.indices { resolve(&document.droppedHTML[index]) }
        for index in document.imagesWithoutAlt.indices { resolve(&document.imagesWithoutAlt[index]) }
        return document
    }

    public static let referencePrefix = "praxis-ref:"
    /// Where the Link stage writes a wiki link's label: `<!--praxis-label:N-->`.
    public static func titlePlaceholder(_ reference: Int) -> String { "<!--praxis-label:\(reference)-->" }
}
