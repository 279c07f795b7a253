import CCmarkGFM
import Foundation

/// The only file that touches cmark-gfm. It parses a Markdown body with the GFM extensions,
/// converts what later stages need into Swift values, renders HTML, and frees every C object
/// before returning.
enum CMark {
    struct Options: Hashable, Sendable {
        /// Let raw HTML through instead of dropping it.
        var rawHTML = false
    }

    static func parse(_ markdown: String, options: Options = Options()) -> MarkdownDocument {
        _ = registration
        var flags = CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        if options.rawHTML { flags |= CMARK_OPT_UNSAFE }
        guard let parser = cmark_parser_new(flags) else { fatalError("cmark-gfm could not allocate a parser") }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntaxExtension) }
        }
        // cmark-gfm's extensions swap a process-wide table of special characters while a parse
        // finishes, so two parses must never overlap (DEVELOPERS.md; CorpusTests compares with serial parsing).
        let root: OpaquePointer = parseLock.withLock {
            var text = markdown
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
            return cmark_parser_finish(parser)
        }
        defer { cmark_node_free(root) }

        var walker = TreeWalker(options: options, source: Array(markdown.utf8))
        walker.walk(root)
        let rendered = cmark_render_html(root, flags, cmark_parser_get_syntax_extensions(parser))!
        defer { free(rendered) }
        let length = strlen(rendered)
        var html = rendered.withMemoryRebound(to: UInt8.self, capacity: length) {
            Self.insertingHeadingIDs(walker.headings, into: UnsafeBufferPointer(start: $0, count: length))
        }
        html = Self.wrappingTablesAndTaskItems(html)
        if !walker.externalLinks.isEmpty { html = Self.markingExternalLinks(html) }
        let sections = walker.sections.filter { $0.headingID != nil || !$0.text.isEmpty }
        return MarkdownDocument(html: String(decoding: html, as: UTF8.self), headings: walker.headings, references: walker.references,
                                droppedHTML: walker.droppedHTML, imagesWithoutAlt: walker.imagesWithoutAlt, sections: sections,
                                anchorLinks: walker.anchorLinks, flaggedDestinations: walker.flaggedDestinations)
    }

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]
    private static let registration: Void = cmark_gfm_core_extensions_ensure_registered()
    private static let parseLock = NSLock()
    /// Put at the start of every heading so its id can be written into the opening tag after rendering.
    static let headingMarker = "<!--praxis:heading-->"
    /// Put first inside every external link, to give its tag a class after rendering.
    static let externalMarker = "<!--praxis:external-->"
}

/// Collects headings, references and problems in one pass, and marks nodes for rendering.
private struct TreeWalker {
    let options: CMark.Options
    var headings: [MarkdownDocument.Heading] = []
    var references: [MarkdownDocument.Reference] = []
    var droppedHTML: [MarkdownDocument.BodyPosition] = []
    var imagesWithoutAlt: [MarkdownDocument.BodyPosition] = []
    /// Starts with the text before the first heading. Each section's text is set, white space
    /// collapsed, once the next section starts (`sectionText` gathers it until then).
    private(set) var sections: [MarkdownDocument.Section] = [.init(headingID: nil, heading: "", text: "")]
    /// The current section's text as it is gathered: literals appended as bytes, not as Strings.
    private var sectionText: [UInt8] = []
    var anchorLinks: [MarkdownDocument.AnchorLink] = []
    var flaggedDestinations: [FlaggedDestination] = []
    /// Links to other sites, to be marked after the walk.
    private(set) var externalLinks: [OpaquePointer] = []
    /// Paragraph texts already computed, for paragraphs holding several links.
    private var blockTexts: [OpaquePointer: String] = [:]
    private var ids = HeadingIDs()
    private var headingNodes: [OpaquePointer] = []

    /// The Markdown's bytes and where each line starts, to correct inline columns.
    private let source: [UInt8]
    private let lineStarts: [Int]

    init(options: CMark.Options, source: [UInt8]) {
        self.options = options
        self.source = source
        lineStarts = SourceText.lineStarts(of: source)
    }

    mutating func walk(_ root: OpaquePointer) {
        cmark_consolidate_text_nodes(root)
        var wikiTexts: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        var headingDepth = 0
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_HEADING { headingDepth -= 1 }
                if type.rawValue & UInt32(CMARK_NODE_TYPE_BLOCK) != 0 { sectionText.append(UInt8(ascii: "\n")) }
                continue
            }
            if headingDepth == 0 { collectText(node, type) }
            switch type {
            case CMARK_NODE_HEADING:
                let text = plainText(of: node)
                let id = ids.next(for: text)
                headings.append(.init(level: Int(cmark_node_get_heading_level(node)), text: text, id: id, position: position(of: node)))
                headingNodes.append(node)
                endSection()
                sections.append(.init(headingID: id, heading: text, text: ""))
                headingDepth += 1
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                visitDestination(node)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if !options.rawHTML { droppedHTML.append(position(of: node)) }
            case CMARK_NODE_TEXT:
                if let literal = cmark_node_get_literal(node), strstr(literal, "[[") != nil, !isInsideLink(node) { wikiTexts.append(node) }
            default:
                break
            }
        }
        endSection()
        // Changing the tree while iterating would invalidate the iterator: rewrite afterwards.
        for node in wikiTexts { expandWikiLinks(node) }
        for node in externalLinks { insertMarker(CMark.externalMarker, into: node) }
        for node in headingNodes { insertMarker(CMark.headingMarker, into: node) }
    }

    /// Puts raw `marker` text first inside `node`, to find its tag in the rendered HTML.
    private func insertMarker(_ marker: String, into node: OpaquePointer) {
        let inline = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)
        cmark_node_set_on_enter(inline, marker)
        if let first = cmark_node_first_child(node) { cmark_node_insert_before(first, inline) } else { cmark_node_append_child(node, inline) }
    }

    private mutating func visitDestination(_ node: OpaquePointer) {
        let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
        let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        if isImage, plainText(of: node).isBlank {
            imagesWithoutAlt.append(position(of: node))
        }
        if !isImage, destination.hasPrefix("#"), destination.count > 1 {
            anchorLinks.append(.init(fragment: String(destination.dropFirst()), position: position(of: node)))
        }
        guard Self.isInternal(destination) else {
            if let problem = FlaggedDestination.problem(with: destination, isImage: isImage, rawHTML: options.rawHTML) {
                flaggedDestinations.append(.init(destination: destination, isImage: isImage, problem: problem, position: position(of: node)))
            } else if !isImage, Self.isExternal(destination) {
                externalLinks.append(node)
            }
            return
        }
        cmark_node_set_url(node, MarkdownDocument.referencePrefix + String(references.count))
        let context = isImage ? "" : Self.sentence(around: plainText(of: node), in: blockText(around: node))
        references.append(.init(destination: destination, isImage: isImage, position: position(of: node), context: context))
    }

    /// Replaces `[[target]]`, `[[target|label]]` and `[[target#heading]]` in a text node by link nodes.
    private mutating func expandWikiLinks(_ node: OpaquePointer) {
        let text = String(cString: cmark_node_get_literal(node))
        var rest = Substring(text)
        var pieces: [OpaquePointer] = []
        let base = position(of: node)
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            let inner = rest[open.upperBound..<close.lowerBound]
            let target = String(inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)[0]).trimmingBlanks
            guard !target.isEmpty, !inner.contains("["), !inner.contains("\n") else {
                pieces.append(textNode(String(rest[..<close.upperBound])))
                rest = rest[close.upperBound...]
                continue
            }
            if open.lowerBound > rest.startIndex { pieces.append(textNode(String(rest[..<open.lowerBound]))) }
            let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingBlanks }
            let link = cmark_node_new(CMARK_NODE_LINK)!
            cmark_node_set_url(link, MarkdownDocument.referencePrefix + String(references.count))
            if parts.count == 2, !parts[1].isEmpty {
                cmark_node_append_child(link, textNode(parts[1]))
            } else {
                let placeholder = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                cmark_node_set_on_enter(placeholder, MarkdownDocument.titlePlaceholder(references.count))
                cmark_node_append_child(link, placeholder)
            }
            let offset = text.utf8.distance(from: text.startIndex, to: open.lowerBound)
            var reference = MarkdownDocument.Reference(destination: parts[0], isImage: false,
                                                       position: .init(line: base.line, byteColumn: base.byteColumn + offset),
                                                       context: Self.sentence(around: String(inner), in: blockText(around: node)))
            reference.isWiki = true
            reference.needsTitle = parts.count < 2 || parts[1].isEmpty
            references.append(reference)
            pieces.append(link)
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(textNode(String(rest))) }
        for piece in pieces { cmark_node_insert_before(node, piece) }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    private func textNode(_ literal: String) -> OpaquePointer {
        let node = cmark_node_new(CMARK_NODE_TEXT)!
        cmark_node_set_literal(node, literal)
        return node
    }

    private func isInsideLink(_ node: OpaquePointer) -> Bool {
        var current = cmark_node_parent(node)
        while let parent = current {
            if [CMARK_NODE_LINK, CMARK_NODE_IMAGE].contains(cmark_node_get_type(parent)) { return true }
            current = cmark_node_parent(parent)
        }
        return false
    }

    /// Relative paths are internal; so is anything that imitates the placeholder scheme.
    static func isInternal(_ destination: String) -> Bool {
        if destination.isASCII { return isInternal(ascii: destination) }
        if destination.isEmpty || destination.hasPrefix("#") { return false }
        if destination.lowercased().hasPrefix(MarkdownDocument.referencePrefix) { return true }
        if destination.hasPrefix("//") { return false }
        guard let colon = destination.firstIndex(of: ":") else { return true }
        let scheme = destination[..<colon]
        let isScheme = scheme.first?.isLetter == true && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+.-".contains($0) }
        return !isScheme || destination[..<colon].contains("/")
    }

    /// `isInternal` for an ASCII destination (most of them), on bytes: there a letter is A–Z or
    /// a–z, a number 0–9, and lowercasing touches A–Z only.
    private static func isInternal(ascii destination: String) -> Bool {
        var text = destination
        return text.withUTF8 { bytes in
            guard let first = bytes.first, first != UInt8(ascii: "#") else { return false }
            let prefix = MarkdownDocument.referencePrefix.utf8
            if bytes.count >= prefix.count, zip(bytes, prefix).allSatisfy({ lowercase($0) == $1 }) { return true }
            if bytes.starts(with: "//".utf8) { return false }
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return true }
            let scheme = bytes[..<colon]
            let isScheme = isLetter(first) && scheme.allSatisfy { isLetter($0) || (48...57).contains($0) || "+.-".utf8.contains($0) }
            return !isScheme || scheme.contains(UInt8(ascii: "/"))
        }
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
    private static func isLetter(_ byte: UInt8) -> Bool { (97...122).contains(lowercase(byte)) }

    /// A page of another site: what readers should see marked as leaving this one.
    static func isExternal(_ destination: String) -> Bool {
        let lower = destination.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("//")
    }

    /// Text of a node's descendants, as a heading's id or an image's alt text is computed from.
    /// Gathered as bytes and made a String once (literals are whole UTF-8 sequences).
    private func plainText(of node: OpaquePointer) -> String {
        var text: [UInt8] = []
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator), child != node else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(child) { Self.append(literal, to: &text) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text.append(UInt8(ascii: " "))
            default:
                break
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Body text for the search index and for similarity, section by section.
    private mutating func collectText(_ node: OpaquePointer, _ type: cmark_node_type) {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            if let literal = cmark_node_get_literal(node) { append(literal) }
        case CMARK_NODE_CODE_BLOCK:
            if let literal = cmark_node_get_literal(node) { append(literal); sectionText.append(UInt8(ascii: "\n")) }
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            sectionText.append(UInt8(ascii: " "))
        default:
            break
        }
    }

    private mutating func append(_ literal: UnsafePointer<CChar>) {
        Self.append(literal, to: &sectionText)
    }

    private static func append(_ literal: UnsafePointer<CChar>, to bytes: inout [UInt8]) {
        let length = strlen(literal)
        literal.withMemoryRebound(to: UInt8.self, capacity: length) { bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// The current section's text, white space collapsed.
    private mutating func endSection() {
        sections[sections.count - 1].text = sectionText.withUnsafeBufferPointer { Self.collapsingWhitespace($0) }
        sectionText.removeAll(keepingCapacity: true)
    }

    /// The plain text of the paragraph, list item or cell holding `node`.
    private mutating func blockText(around node: OpaquePointer) -> String {
        var block: OpaquePointer? = cmark_node_parent(node)
        while let current = block, cmark_node_get_type(current).rawValue & UInt32(CMARK_NODE_TYPE_BLOCK) == 0 {
            block = cmark_node_parent(current)
        }
        guard let block else { return "" }
        if let cached = blockTexts[block] { return cached }
        let text = plainText(of: block)
        blockTexts[block] = text
        return text
    }

    /// The sentence of `text` that contains `needle`, shortened to a readable length. Works on
    /// UTF-8 bytes: it runs for every link of every document.
    static func sentence(around needle: String, in text: String) -> String {
        let bytes = Array(text.utf8)
        let pattern = Array(needle.utf8)
        var found = 0
        if !pattern.isEmpty, bytes.count >= pattern.count {
            for index in 0...(bytes.count - pattern.count) where bytes[index] == pattern[0] {
                if (1..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) { found = index; break }
            }
        }
        func endsSentence(_ index: Int) -> Bool {
            (bytes[index] == 46 || bytes[index] == 63 || bytes[index] == 33) && (index + 1 == bytes.count || bytes[index + 1] == 32 || bytes[index + 1] == 10)
        }
        var start = found
        while start > 0, !endsSentence(start - 1) { start -= 1 }
        var end = min(found + pattern.count, bytes.count)
        // `end == found` first: a link with no text (`[](a.md)`) leaves `end` at `found`, which may be 0.
        while end < bytes.count, end == found || !endsSentence(end - 1) { end += 1 }
        let sentence = String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
        return collapsingWhitespace(sentence, limit: 240)
    }

    /// Runs of white space as one space, ends trimmed; cut with `…` above `limit` characters.
    static func collapsingWhitespace(_ text: String, limit: Int = .max) -> String {
        var text = text
        let collapsed = text.withUTF8 { collapsingWhitespace($0) }
        // Characters never outnumber bytes: count them only when the text may be too long.
        guard collapsed.utf8.count > limit, collapsed.count > limit else { return collapsed }
        return String(collapsed.prefix(limit - 1)) + "…"
    }

    /// Runs of spaces, tabs, CRs and line breaks as one space, ends trimmed; written straight
    /// into the new String's storage.
    static func collapsingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { output in
            var end = 0
            var pendingSpace = false
            for byte in bytes {
                if byte == 32 || byte == 10 || byte == 9 || byte == 13 {
                    pendingSpace = end > 0
                } else {
                    if pendingSpace { output[end] = 32; end += 1; pendingSpace = false }
                    output[end] = byte
                    end += 1
                }
            }
            return end
        }
    }

    /// Bare autolinks report line 0; their enclosing block knows the line.
    private func position(of node: OpaquePointer) -> MarkdownDocument.BodyPosition {
        var current: OpaquePointer? = node
        while let candidate = current {
            let line = Int(cmark_node_get_start_line(candidate))
            if line > 0 {
                let column = max(Int(cmark_node_get_start_column(candidate)), 1)
                return .init(line: line, byteColumn: candidate == node ? corrected(column, line: line, for: node) : column)
            }
            current = cmark_node_parent(candidate)
        }
        return .init(line: 1, byteColumn: 1)
    }

    /// cmark-gfm counts inline columns on a paragraph's continuation lines without the line's
    /// indentation; when the character there is not the one the node starts with, add it back.
    private func corrected(_ column: Int, line: Int, for node: OpaquePointer) -> Int {
        let expected: UInt8?
        switch cmark_node_get_type(node) {
        case CMARK_NODE_LINK: expected = UInt8(ascii: "[")
        case CMARK_NODE_IMAGE: expected = UInt8(ascii: "!")
        case CMARK_NODE_HTML_INLINE: expected = UInt8(ascii: "<")
        case CMARK_NODE_TEXT: expected = cmark_node_get_literal(node).map { UInt8(bitPattern: $0.pointee) }
        default: expected = nil
        }
        guard let expected, line <= lineStarts.count else { return column }
        let start = lineStarts[line - 1]
        func byte(at column: Int) -> UInt8? { start + column - 1 < source.count ? source[start + column - 1] : nil }
        if byte(at: column) == expected { return column }
        var indent = 0
        while let next = byte(at: indent + 1), next == 32 || next == 9 { indent += 1 }
        return byte(at: column + indent) == expected ? column + indent : column
    }
}
