import Foundation

/// Resolves the internal references of one page's body (`../practices/foo.md#approach`,
/// `diagram.svg`, `../../static/logo.png`) and writes their URLs into its HTML.
struct ReferenceResolver {
    /// What a site's settings decide about links.
    struct Rules {
        let style: URLStyle
        let brokenIsError: Bool
        /// `markdown.raw_html`: the site trusts its contributors with files that run code.
        let allowsActiveContent: Bool
    }

    /// What resolving a page's references finds besides their URLs.
    struct Found {
        var diagnostics: [Diagnostic] = []
        var copies: [FileCopy] = []
        /// Documents the body links to, with the sentence around each link, in body order.
        var documentLinks: [(target: Int, context: String)] = []
    }

    let page: ParsedPage
    /// The page's output path, published or not: links are written relative to it.
    let outputPath: String
    let index: LinkResolver.Index
    let files: ContentTree
    let rules: Rules
    /// The page's `directory`, which its relative references are resolved from.
    let folder: LinkResolver.SourceFolder
    private(set) var found = Found()

    init(page: ParsedPage, outputPath: String, index: LinkResolver.Index, files: ContentTree, rules: Rules) {
        self.page = page
        self.outputPath = outputPath
        self.index = index
        self.files = files
        self.rules = rules
        folder = LinkResolver.SourceFolder(page.directory)
    }

    /// What the page's references resolve to (a broken one to `#`), checked and reported; the
    /// body itself is filled in only when it is rendered (`BodyLinks.apply`), so a page a build
    /// keeps is never read.
    mutating func resolve() -> BodyLinks {
        let ids = page.body.anchorLinks.isEmpty ? [] : Set(page.body.headings.map(\.id))
        for link in page.body.anchorLinks {
            let fragment = link.fragment.percentDecoded
            guard !ids.contains(fragment), !fragment.hasPrefix("fn-"), !fragment.hasPrefix("fnref-") else { continue }
            let hint = Suggestion.nearest(to: fragment, in: Array(ids)).map { "; did you mean `#\($0)`?" } ?? ""
            broken(link.position, "`#\(link.fragment)` is not a heading of this document\(hint)")
        }
        var links = BodyLinks()
        links.urls = page.body.references.enumerated().map { number, reference in
            guard reference.isWiki else { return url(for: reference) ?? "#" }
            let (url, title) = wikiURL(for: reference)
            if reference.needsTitle { links.titles.append((number, title)) }
            return url ?? "#"
        }
        return links
    }

}

// Internal, not private: the wiki link resolution in ReferenceResolver+WikiLinks.swift shares these.
extension ReferenceResolver {
    mutating func url(for reference: MarkdownDocument.Reference) -> String? {
        let at = reference.position
        let (rawPath, fragment) = Self.split(reference.destination)
        let path = rawPath.percentDecoded
        // Made only for a diagnostic.
        var written: String { "\(reference.isImage ? "image" : "link") `\(reference.destination)`" }
        if path.lowercased().hasPrefix(MarkdownDocument.referencePrefix) || path.hasPrefix("/") {
            broken(at, "\(written) is not a relative path; write it relative to this file, e.g. `../practices/example.md`")
            return nil
        }
        guard var target = folder.resolve(path) else {
            broken(at, "\(written) leads outside the repository; link a document or a file under content/ relative to this file")
            return nil
        }
        if !target.hasSuffix(".md"), index.documentPaths.contains(target + "/index.md") { target += "/index.md" }
        if target.hasSuffix(".md"), reference.isImage {
            broken(at, "\(written) names a document, which cannot be shown as an image; link it with `[text](\(reference.destination))`, or show an image file")
            return nil
        }
        if files.folders.contains(target) {
            broken(at, "\(written) names the folder \(target), not a document; link a document's .md file, e.g. `\(rawPath.hasSuffix("/") || rawPath.isEmpty ? rawPath : rawPath + "/")example.md`")
            return nil
        }
        guard target.hasPrefix("content/") || (target.hasPrefix("static/") && !target.hasSuffix(".md")) else {
            let fix = target.hasSuffix(".md") ? "only documents under content/ are published; link one of those" : "only files under content/ and static/ are published; move the file beside this document (or into static/) and link it there"
            broken(at, "\(written) leads to \(target), which is outside content/: \(fix)")
            return nil
        }
        if target.hasSuffix(".md") { return documentURL(target, fragment: fragment, reference, at) }
        return fileURL(target, fragment: fragment, reference, at)
    }

    mutating func documentURL(_ target: String, fragment: String?, _ reference: MarkdownDocument.Reference, _ at: MarkdownDocument.BodyPosition) -> String? {
        guard let number = index.position[target] else {
            if let draft = index.document(at: target), draft.isDraft, !draft.hasErrors {
                draftLink(at, "link `\(reference.destination)`", target)
            } else if !index.documentPaths.contains(target) {
                // A document with errors of its own exists: its own error says what to fix.
                broken(at, "link to `\(reference.destination)`, which is not a document (no \(target))")
            }
            return nil
        }
        if let fragment, !fragment.isEmpty, !index.anchors[number].contains(fragment.percentDecoded) {
            let ids = index.pages[number].body.headings.map(\.id)
            let hint = Suggestion.nearest(to: fragment, in: ids).map { "; did you mean `#\($0)`?" } ?? (ids.isEmpty ? "; it has no headings" : "")
            broken(at, "`#\(fragment)` is not a heading of \(target)\(hint)")
        }
        found.documentLinks.append((number, reference.context))
        return rules.style.href(from: outputPath, to: index.outputPaths[number], fragment: fragment)
    }

    /// Markdown and wiki links to a draft get the same warning; a draft may link drafts.
    mutating func draftLink(_ at: MarkdownDocument.BodyPosition, _ written: String, _ draft: String) {
        guard !page.isDraft else { return }
        found.diagnostics.append(.warning("praxis.link.draft", at: page.location(of: at), "\(written) links a draft (\(draft)), which is not published; the link is left out until the draft is published"))
    }

    mutating func fileURL(_ target: String, fragment: String?, _ reference: MarkdownDocument.Reference, _ at: MarkdownDocument.BodyPosition) -> String? {
        guard files.files.contains(target) else {
            broken(at, "\(reference.isImage ? "image" : "link") `\(reference.destination)` names a file that does not exist (\(target))")
            return nil
        }
        let bundleOwner = bundleOwner(of: target)
        if !rules.allowsActiveContent, let active = files.activeContent[target] {
            // A bundled file is reported once, at the file (`LinkResolver`); it is never copied.
            if !isBundled(target) { found.diagnostics.append(.error("praxis.content.active", at: page.location(of: at), active.message(for: reference.destination))) }
            return nil
        }
        let output: String
        if let bundleOwner {
            output = bundleOwner.outputFolder + String(target.dropFirst(bundleOwner.directory.count))
        } else if target.hasPrefix("content/") {
            output = String(target.dropFirst("content/".count))
        } else {
            output = target
        }
        found.copies.append(FileCopy(outputPath: output, origin: files.fileOrigins[target] ?? target))
        return rules.style.href(from: outputPath, to: output, fragment: fragment)
    }

    /// Beside a document's `index.md`, published or not.
    func isBundled(_ file: String) -> Bool {
        Self.bundleIndexes(around: file).contains(where: index.documentPaths.contains)
    }

    /// The page whose bundle holds `file` (this one, or a published one): its folder and the
    /// folder it is written into.
    func bundleOwner(of file: String) -> (directory: String, outputFolder: String)? {
        if page.bundleAssets.contains(file) { return (page.directory, ownOutputFolder) }
        guard let owner = Self.bundleIndexes(around: file).lazy.compactMap({ index.position[$0] }).first else { return nil }
        return (index.pages[owner].directory, index.pages[owner].path == page.path ? ownOutputFolder : index.outputFolder(of: owner))
    }

    /// The folder this page is written into, published or not.
    var ownOutputFolder: String { outputPath.parentPath }

    /// The `index.md` a bundle holding `file` would have, innermost folder first.
    static func bundleIndexes(around file: String) -> [String] {
        var indexes: [String] = []
        var folder = file.parentPath
        while folder.contains("/"), folder != "/" {
            indexes.append(folder + "/index.md")
            folder = folder.parentPath
        }
        return indexes
    }

    /// A reference at `at` in the body is broken.
    mutating func broken(_ at: MarkdownDocument.BodyPosition, _ message: String) {
        found.diagnostics.append(Diagnostic(rules.brokenIsError ? .error : .warning, "praxis.link.broken", at: page.location(of: at), message))
    }

    /// Path and fragment of a destination; a `?query` names nothing inside a static site and is dropped.
    static func split(_ destination: String) -> (path: String, fragment: String?) {
        // UTF-8 positions: `#` and `?` are ASCII, and searching characters is many times slower.
        let utf8 = destination.utf8
        var fragment: String?
        var end = utf8.endIndex
        if let hash = utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(destination[utf8.index(after: hash)...])
            end = hash
        }
        if let query = utf8[..<end].firstIndex(of: UInt8(ascii: "?")) { end = query }
        return (String(destination[..<end]), fragment)
    }
}

/// What one page's body references resolve to: the URL of each `praxis-ref:N` placeholder, and
/// the title of each wiki link written without one. Part of the page's render key.
struct BodyLinks: Sendable {
    var urls: [String] = []
    /// Reference number → the title shown for it, in reference order.
    var titles: [(number: Int, title: String)] = []

    /// The body as parsed, with every reference filled in.
    func apply(to html: String) -> String {
        guard !urls.isEmpty else { return html }
        let html = Self.fill(html, urls: urls)
        guard !titles.isEmpty else { return html }
        return html.replacingBytes(titles.map { (MarkdownDocument.titlePlaceholder($0.number), $0.title.escapingHTML) })
    }

    /// Replaces `"praxis-ref:N"` attribute values in one pass over the UTF-8 bytes, copying the
    /// runs between them whole (this runs over the body of every page that is rendered).
    static func fill(_ html: String, urls: [String]) -> String {
        let marker = Array(("\"" + MarkdownDocument.referencePrefix).utf8)
        var html = html
        return html.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + urls.count * 32)
            var copied = 0
            var index = 0
            while let quote = bytes.firstOffset(of: marker, from: index) {
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...quote]))
                var end = quote + marker.count
                var number = 0
                // A number no page has (a contributor may write the marker themselves) is cut off, not overflowed.
                while end < bytes.count, (48...57).contains(bytes[end]) { number = min(number * 10 + Int(bytes[end] - 48), Int(Int32.max)); end += 1 }
                if urls.indices.contains(number) { urls[number].appendEscapingHTML(to: &result) }
                (copied, index) = (end, end)
            }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: result, as: UTF8.self)
        }
    }
}
