import Yams
import Foundation

/// The Parse stage for one document: bytes in, `ParsedPage` and diagnostics out. Pure: it reads
/// nothing but its arguments, so it runs on any thread and in tests without a disk.
///
/// A document with errors still becomes a page, marked `hasErrors`, whenever its body can be
/// found: the Link stage checks its links and relations too (every problem in one run) and knows
/// it exists, so links to it are not reported as missing. It is never published.
public struct PageParser: Sendable {
    public let schema: Schema
    public let rawHTML: Bool
    /// False composes every front matter with Yams, never with `FrontMatterReader`: only tests set
    /// it, to check that both paths give the same pages and diagnostics.
    var readsFrontMatterWithoutYams = true

    public init(schema: Schema, rawHTML: Bool = false) {
        self.schema = schema
        self.rawHTML = rawHTML
    }

    public func parse(_ file: SourceFile) -> (ParsedPage?, [Diagnostic]) {
        let text: String
        switch SourceText.decode(file.bytes) {
        case let .success(decoded): text = decoded.text
        case let .failure(.invalidUTF8(line, column)):
            return (nil, [.error("praxis.read.encoding", at: SourceLocation(path: file.path, line: line, column: column), "the file is not valid UTF-8 (first bad byte here); save it as UTF-8")])
        }
        var diagnostics: [Diagnostic] = []
        var frontMatter: FrontMatter?
        let markdown: String, bodyFirstLine: Int
        switch FrontMatterSplitter.split(text) {
        case let .success(split):
            (markdown, bodyFirstLine) = (split.body, split.bodyFirstLine)
            frontMatter = validate(split, file, &diagnostics)
        case let .failure(.missing(line)):
            diagnostics.append(.error("praxis.frontmatter.missing", at: SourceLocation(path: file.path, line: line), "no front matter: a document starts with a line `---`, then `title:`, `summary:`, `date:` … and another `---`"))
            (markdown, bodyFirstLine) = (text, 1)
        case let .failure(.unterminated(line)):
            return (nil, [.error("praxis.frontmatter.unterminated", at: SourceLocation(path: file.path, line: line), "front matter opened here is never closed; add a line `---` after the last field")])
        }
        let slug = frontMatter?.string("slug") ?? Slug.normalize(file.fileSlug)
        if slug.isEmpty {
            diagnostics.append(.error("praxis.slug.empty", at: SourceLocation(path: file.path), "the file name `\(file.fileSlug)` gives no usable slug (it has no letters or digits); rename the file, or add `slug:` such as `slug: launch-plan`"))
        }
        let checked = frontMatter ?? FrontMatter(kind: fallbackKind(of: file), fields: [:], extra: [:], keyLocations: [:])
        let body = CMark.parse(markdown, options: .init(rawHTML: rawHTML)).resolvingColumns(in: markdown)
        var page = ParsedPage(
            path: file.path, directory: file.directory, bundleAssets: file.bundleAssets, frontMatter: checked,
            slug: slug, title: checked.string("title") ?? "", summary: checked.string("summary") ?? "",
            date: checked.day("date") ?? Day("1970-01-01")!, updated: checked.day("updated"),
            status: checked.string("status") ?? "published", body: body,
            bodyFirstLine: bodyFirstLine)
        diagnostics += bodyWarnings(page)
        page.hasErrors = diagnostics.hasErrors
        page.sourceHash = file.contentKey
        return (page, diagnostics)
    }
}

private extension PageParser {
    /// The front matter checked against the schema, or nil when it cannot be read at all.
    func validate(_ split: FrontMatterSplit, _ file: SourceFile, _ diagnostics: inout [Diagnostic]) -> FrontMatter? {
        let source = YAMLSource(path: file.path, text: split.yaml, lineOffset: split.yamlFirstLine - 1)
        switch source.composeFrontMatter(usingReader: readsFrontMatterWithoutYams) {
        case let .failure(diagnostic):
            diagnostics.append(diagnostic)
            return nil
        case let .success(root):
            let validator = FrontMatterValidator(schema: schema, source: source, openingLine: split.yamlFirstLine - 1, folderKind: file.folderKind)
            let (frontMatter, found) = validator.validate(root)
            diagnostics += found
            return frontMatter
        }
    }

    /// A document whose front matter gave no kind is never published; its folder's kind (or none)
    /// only gives its links a place to be resolved from.
    func fallbackKind(of file: SourceFile) -> KindSpec {
        file.folderKind.flatMap(schema.kind(named:)) ?? KindSpec(name: "", folder: "", label: "", plural: "")
    }

    func bodyWarnings(_ page: ParsedPage) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for position in page.body.droppedHTML {
            diagnostics.append(.warning("praxis.markdown.raw-html", at: page.location(of: position), "raw HTML is not rendered; use Markdown, or set `markdown: {raw_html: true}` in site.yml if this site trusts its contributors"))
        }
        for position in page.body.imagesWithoutAlt {
            diagnostics.append(.warning("praxis.markdown.image-alt", at: page.location(of: position), "image has no alternative text; describe it for readers who cannot see it: `![what the image shows](file.png)`"))
        }
        for flagged in page.body.flaggedDestinations {
            diagnostics.append(.warning(flagged.id, at: page.location(of: flagged.position), flagged.message(rawHTML: rawHTML)))
        }
        return diagnostics
    }
}
