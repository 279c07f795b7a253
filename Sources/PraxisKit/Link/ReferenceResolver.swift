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

    init(page: ParsedPage, index: LinkResolver.Index, files: ContentTree, style: URLStyle, brokenIsError: Bool) {
        self.page = page
        self.index = index
        self.files = files
        self.style = style
        self.brokenIsError = brokenIsError
    }

    /// The body HTML with each `praxis-ref:N` placeholder replaced; broken references become `#`.
    mutating func resolve() -> String {
        let references = page.body.references
        guard !references.isEmpty else { return page.body.html }
        let urls = references.map { url(for: $0) ?? "#" }
        return Self.fill(page.body.html, urls: urls)
    }

    /// Replaces `"praxis-ref:N"` attribute values in one pass.
    static func fill(_ html: String, urls: [String]) -> String {
        let marker = "\"" + MarkdownDocument.referencePrefix
        var result = ""
        result.reserveCapacity(html.utf8.count)
        var rest = Substring(html)
        while let range = rest.range(of: marker) {
            result += rest[..<range.lowerBound]
            let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            result += "\""
            if let number = Int(digits), urls.indices.contains(number) {
                result += Self.escapeAttribute(urls[number])
            }
            rest = rest[digits.endIndex...]
        }
        result += rest
        return result
    }

    static func escapeAttribute(_ url: String) -> String {
        url.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

private extension ReferenceResolver {
    mutating func url(for reference: MarkdownDocument.Reference) -> String? {
        let at = page.location(of: reference.position)
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

    mutating func documentURL(_ target: String, fragment: String?, _ reference: MarkdownDocument.Reference, _ at: SourceLocation) -> String? {
        guard let number = index.position[target] else {
            if index.everyPath[target]?.isDraft == true {
                diagnostics.append(.warning("praxis.link.draft", at: at, "link to `\(reference.destination)`, a draft that is not published; the link is left out until it is"))
            } else {
                broken(at, "link to `\(reference.destination)`, which is not a document (no \(target))")
            }
            return nil
        }
        let targetPage = index.pages[number]
        if let fragment, !fragment.isEmpty, index.anchors[target]?.contains(fragment) != true {
            let ids = targetPage.body.headings.map(\.id)
            let hint = Suggestion.nearest(to: fragment, in: ids).map { "; did you mean `#\($0)`?" } ?? (ids.isEmpty ? "; it has no headings" : "")
            broken(at, "`#\(fragment)` is not a heading of \(target)\(hint)")
        }
        return style.href(from: index.outputPaths[page.path]!, to: index.outputPaths[target]!, fragment: fragment)
    }

    mutating func fileURL(_ target: String, fragment: String?, _ reference: MarkdownDocument.Reference, _ at: SourceLocation) -> String? {
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

    mutating func broken(_ at: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(brokenIsError ? .error : .warning, "praxis.link.broken", at: at, message))
    }

    static func split(_ destination: String) -> (path: String, fragment: String?) {
        guard let hash = destination.firstIndex(of: "#") else { return (destination, nil) }
        return (String(destination[..<hash]), String(destination[destination.index(after: hash)...]))
    }
}
