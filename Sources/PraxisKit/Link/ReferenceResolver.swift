import Foundation

/// Resolves the internal references of one page's body (`../practices/foo.md#approach`,
/// `diagram.svg`, `../../static/logo.png`) and writes their URLs into its HTML.
struct ReferenceResolver {
    let page: ParsedPage
    let index: LinkResolver.Index
    let files: ContentTree
    let style: URLStyle
    let brokenIsError: Bool
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var copies: [FileCopy] = []
    /// Documents this body links to, with the sentence around each link, in body order.
    private(set) var documentLinks: [(target: Int, context: String)] = []

    init(page: ParsedPage, index: LinkResolver.Index, files: ContentTree, style: URLStyle, brokenIsError: Bool) {
        self.page = page
        self.index = index
        self.files = files
        self.style = style
        self.brokenIsError = brokenIsError
    }

    /// The body HTML with each `praxis-ref:N` placeholder replaced; broken references become `#`.
    mutating func resolve() -> String {
        let ids = Set(page.body.headings.map(\.id))
        for link in page.body.anchorLinks {
            let fragment = link.fragment.removingPercentEncoding ?? link.fragment
            guard !ids.contains(fragment), !fragment.hasPrefix("fn-"), !fragment.hasPrefix("fnref-") else { continue }
            let hint = Suggestion.nearest(to: fragment, in: Array(ids)).map { "; did you mean `#\($0)`?" } ?? ""
            broken(LazyLocation(page: page, position: link.position), "`#\(link.fragment)` is not a heading of this document\(hint)")
        }
        let references = page.body.references
        guard !references.isEmpty else { return page.body.html }
        var titles: [Int: String] = [:]
        let urls = references.enumerated().map { number, reference in
            guard reference.isWiki else { return url(for: reference) ?? "#" }
            let (url, title) = wikiURL(for: reference)
            if reference.needsTitle { titles[number] = title }
            return url ?? "#"
        }
        var html = Self.fill(page.body.html, urls: urls)
        for (number, title) in titles {
            html = html.replacingBytes(MarkdownDocument.titlePlaceholder(number), with: title.escapingHTML)
        }
        return html
    }

    /// Replaces `"praxis-ref:N"` attribute values in one pass over the UTF-8 bytes.
    static func fill(_ html: String, urls: [String]) -> String {
        let marker = Array(("\"" + MarkdownDocument.referencePrefix).utf8)
        var bytes = Array(html.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + urls.count * 32)
        var index = 0
        while index < bytes.count {
            if bytes[index] == marker[0], bytes.count - index >= marker.count, bytes[index..<index + marker.count].elementsEqual(marker) {
                var end = index + marker.count
                var number = 0
                while end < bytes.count, (48...57).contains(bytes[end]) { number = number * 10 + Int(bytes[end] - 48); end += 1 }
                result.append(34)
                if urls.indices.contains(number) { result += urls[number].escapingHTML.utf8 }
                index = end
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        bytes = []
        return String(decoding: result, as: UTF8.self)
    }
}

private extension ReferenceResolver {
    mutating func url(for reference: MarkdownDocument.Reference) -> String? {
        let at = LazyLocation(page: page, position: reference.position)
        let (rawPath, fragment) = Self.split(reference.destination)
        let path = rawPath.removingPercentEncoding ?? rawPath
        let what = reference.isImage ? "image" : "link"
        if path.lowercased().hasPrefix(MarkdownDocument.referencePrefix) || path.hasPrefix("/") {
            broken(at, "\(what) `\(reference.destination)` is not a relative path; write it relative to this file, e.g. `../practices/example.md`")
            return nil
        }
        guard var target = LinkResolver.Index.resolve(path, from: page.directory) else {
            broken(at, "\(what) `\(reference.destination)` leads outside the repository")
            return nil
        }
        if !target.hasSuffix(".md"), index.everyPath[target + "/index.md"] != nil { target += "/index.md" }
        if target.hasSuffix(".md") { return documentURL(target, fragment: fragment, reference, at) }
        return fileURL(target, fragment: fragment, reference, at)
    }

    /// `[[slug]]`, `[[folder/slug]]`, `[[slug#heading]]`: resolved by slug; the title is the default label.
    mutating func wikiURL(for reference: MarkdownDocument.Reference) -> (url: String?, title: String) {
        let at = LazyLocation(page: page, position: reference.position)
        let (name, fragment) = Self.split(reference.destination)
        let candidates = name.contains("/") ? index.byQualifiedSlug[name].map { [$0] } ?? [] : index.bySlug[name] ?? []
        guard candidates.count == 1, let number = candidates.first else {
            if candidates.isEmpty {
                let known = Array(index.bySlug.keys)
                let hint = Suggestion.nearest(to: name, in: known).map { "; did you mean `[[\($0)]]`?" } ?? ""
                broken(at, "wiki link `[[\(reference.destination)]]` names no document (no slug `\(name)`)\(hint)")
            } else {
                let names = candidates.map { "`[[\(index.pages[$0].kind.folder)/\(index.pages[$0].slug)]]`" }.joined(separator: ", ")
                broken(at, "wiki link `[[\(reference.destination)]]` is ambiguous; write one of \(names)")
            }
            return (nil, reference.destination)
        }
        let target = index.pages[number]
        let url = documentURL(target.path, fragment: fragment, reference, at)
        return (url, target.title)
    }

    mutating func documentURL(_ target: String, fragment: String?, _ reference: MarkdownDocument.Reference, _ at: LazyLocation) -> String? {
        guard let number = index.position[target] else {
            if index.everyPath[target]?.isDraft == true {
                diagnostics.append(.warning("praxis.link.draft", at: at.value, "link to `\(reference.destination)`, a draft that is not published; the link is left out until it is"))
            } else {
                broken(at, "link to `\(reference.destination)`, which is not a document (no \(target))")
            }
            return nil
        }
        let targetPage = index.pages[number]
        if let fragment, !fragment.isEmpty, index.anchors[target]?.contains(fragment.removingPercentEncoding ?? fragment) != true {
            let ids = targetPage.body.headings.map(\.id)
            let hint = Suggestion.nearest(to: fragment, in: ids).map { "; did you mean `#\($0)`?" } ?? (ids.isEmpty ? "; it has no headings" : "")
            broken(at, "`#\(fragment)` is not a heading of \(target)\(hint)")
        }
        documentLinks.append((number, reference.context))
        return style.href(from: index.outputPaths[page.path]!, to: index.outputPaths[target]!, fragment: fragment)
    }

    mutating func fileURL(_ target: String, fragment: String?, _ reference: MarkdownDocument.Reference, _ at: LazyLocation) -> String? {
        guard files.files.contains(target) else {
            broken(at, "\(reference.isImage ? "image" : "link") `\(reference.destination)` names a file that does not exist (\(target))")
            return nil
        }
        let output: String
        if let bundleOwner = bundleOwner(of: target) {
            output = index.outputFolder(of: bundleOwner) + String(target.dropFirst(bundleOwner.directory.count))
        } else if target.hasPrefix("content/") {
            output = String(target.dropFirst("content/".count))
        } else {
            output = target
        }
        copies.append(FileCopy(outputPath: output, origin: files.fileOrigins[target] ?? target))
        return style.href(from: index.outputPaths[page.path]!, to: output, fragment: fragment)
    }

    func bundleOwner(of file: String) -> ParsedPage? {
        if page.bundleAssets.contains(file) { return page }
        var folder = (file as NSString).deletingLastPathComponent
        while folder.contains("/") {
            if let owner = index.position[folder + "/index.md"] { return index.pages[owner] }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return nil
    }

    mutating func broken(_ at: LazyLocation, _ message: String) {
        diagnostics.append(Diagnostic(brokenIsError ? .error : .warning, "praxis.link.broken", at: at.value, message))
    }

    /// Turning a body position into a file location scans the body; do it only for a diagnostic.
    struct LazyLocation {
        let page: ParsedPage
        let position: MarkdownDocument.BodyPosition
        var value: SourceLocation { page.location(of: position) }
    }

    /// Path and fragment of a destination; a `?query` names nothing inside a static site and is dropped.
    static func split(_ destination: String) -> (path: String, fragment: String?) {
        var path = Substring(destination)
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = path[..<hash]
        }
        if let query = path.firstIndex(of: "?") { path = path[..<query] }
        return (String(path), fragment)
    }
}
