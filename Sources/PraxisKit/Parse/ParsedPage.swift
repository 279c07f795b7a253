/// One document after the Parse stage: front matter checked against the schema, body rendered.
public struct ParsedPage: Sendable, Hashable {
    /// Relative to the repository root: `content/practices/foo.md`.
    public var path: String
    /// The folder relative links are resolved from (`content/practices`, or the bundle folder).
    public var directory: String
    public var bundleAssets: [String]
    public var frontMatter: FrontMatter
    public var slug: String
    public var title: String
    public var summary: String
    public var date: Day
    public var updated: Day?
    public var status: String
    public var body: MarkdownDocument
    /// The body's first line in the file, to turn body positions into file positions.
    public var bodyFirstLine: Int
    /// The document has errors of its own: its links and relations are checked, links to it are
    /// not reported as missing, and it is never published.
    public var hasErrors = false
    /// The source file's `contentKey`: what the page was parsed from, for the build cache.
    var sourceHash = ContentHash(high: 0, low: 0)
    /// Where `body.html` went when it was moved to a `BodyStore` (it is empty then).
    var bodySlot: Int?
    /// Where `body.sections` went when they were moved to a `BodyStore` (they are empty then).
    var sectionsSlot: Int?

    public var kind: KindSpec { frontMatter.kind }
    public var isDraft: Bool { status == "draft" }
    public var isArchived: Bool { status == "archived" }

    /// A body position as a file location.
    public func location(of position: MarkdownDocument.BodyPosition) -> SourceLocation {
        SourceLocation(path: path, line: bodyFirstLine + position.line - 1, column: max(position.column, 1))
    }
}
