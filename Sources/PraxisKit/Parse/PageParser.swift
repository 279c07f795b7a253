import Yams
import Foundation

/// The Parse stage for one document: bytes in, `ParsedPage` and diagnostics out. Pure: it reads
/// nothing but its arguments, so it runs on any thread and in tests without a disk.
public struct PageParser: Sendable {
    public let schema: Schema
    public let rawHTML: Bool

    public init(schema: Schema, rawHTML: Bool = false) {
        self.schema = schema
        self.rawHTML = rawHTML
    }

    public func parse(_ file: SourceFile) -> (ParsedPage?, [Diagnostic]) {
        let top = SourceLocation(path: file.path)
        let text: String
        switch SourceText.decode(file.bytes) {
        case let .success(decoded): text = decoded.text
        case let .failure(.invalidUTF8(line, column)):
            return (nil, [.error("praxis.read.encoding", at: SourceLocation(path: file.path, line: line, column: column), "the file is not valid UTF-8 (first bad byte here); save it as UTF-8")])
        }
        let split: FrontMatterSplit
        switch FrontMatterSplitter.split(text) {
        case let .success(value): split = value
        case let .failure(.missing(line)):
            return (nil, [.error("praxis.frontmatter.missing", at: SourceLocation(path: file.path, line: line), "no front matter: a document starts with a line `---`, then `title:`, `summary:`, `date:` … and another `---`")])
        case let .failure(.unterminated(line)):
            return (nil, [.error("praxis.frontmatter.unterminated", at: SourceLocation(path: file.path, line: line), "front matter opened here is never closed; add a line `---` after the last field")])
        }
        let source = YAMLSource(path: file.path, text: split.yaml, lineOffset: split.yamlFirstLine - 1)
        let root: Node?
        switch source.compose() {
        case let .success(node): root = node
        case let .failure(diagnostic): return (nil, [diagnostic])
        }
        let validator = FrontMatterValidator(schema: schema, source: source, openingLine: split.yamlFirstLine - 1, folderKind: file.folderKind)
        var (frontMatter, diagnostics) = validator.validate(root)
        guard let frontMatter, !diagnostics.hasErrors else { return (nil, diagnostics) }

        let slug = frontMatter.string("slug") ?? Slug.normalize(file.fileSlug)
        guard !slug.isEmpty else {
            diagnostics.append(.error("praxis.slug.empty", at: top, "the file name `\(file.fileSlug)` gives no usable slug; add `slug:` with lowercase letters, digits and hyphens"))
            return (nil, diagnostics)
        }
        let body = CMark.parse(split.body, options: .init(rawHTML: rawHTML)).resolvingColumns(in: split.body)
        let page = ParsedPage(
            path: file.path, directory: file.directory, bundleAssets: file.bundleAssets, frontMatter: frontMatter,
            slug: slug, title: frontMatter.string("title") ?? "", summary: frontMatter.string("summary") ?? "",
            date: frontMatter.day("date") ?? Day("1970-01-01")!, updated: frontMatter.day("updated"),
            status: frontMatter.string("status") ?? "published", body: body,
            bodyFirstLine: split.bodyFirstLine)
        for position in body.droppedHTML {
            diagnostics.append(.warning("praxis.markdown.raw-html", at: page.location(of: position), "raw HTML is not rendered; use Markdown, or set `markdown: {raw_html: true}` in site.yml if this site trusts its contributors"))
        }
        for position in body.imagesWithoutAlt {
            diagnostics.append(.warning("praxis.markdown.image-alt", at: page.location(of: position), "image has no alternative text; describe it for readers who cannot see it: `![what the image shows](file.png)`"))
        }
        return (page, diagnostics)
    }
}
