import Foundation

/// The passes over cmark-gfm's HTML that give it what cmark-gfm cannot write (heading ids, table
/// regions, task labels, the class of external links); no cmark-gfm call (those stay in
/// CMark.swift). They run on the rendered bytes, each pattern found with memchr and the text
/// between copied in one piece, and the HTML becomes a String once, at the end: byte by byte,
/// with a String made after each pass, they cost a seventh of parsing.
extension CMark {
    /// Writes each heading's id into its opening tag, in document order.
    static func insertingHeadingIDs(_ headings: [MarkdownDocument.Heading], into bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + headings.count * 24)
        var cursor = 0
        for heading in headings {
            let tag = Array("<h\(heading.level)>\(headingMarker)".utf8)
            guard let found = bytes.firstOffset(of: tag, from: cursor) else { break }
            result.append(contentsOf: bytes[cursor..<found])
            result.append(contentsOf: "<h\(heading.level) id=\"\(heading.id)\">".utf8)
            cursor = found + tag.count
        }
        result.append(contentsOf: bytes[cursor...])
        return result
    }

    /// Wide tables scroll inside a focusable region instead of widening the page; task list items
    /// get a class so themes can drop their bullet. Raw HTML never reaches this point unless a site
    /// opted in, so these tags come from cmark-gfm itself.
    static func wrappingTablesAndTaskItems(_ html: [UInt8]) -> [UInt8] {
        var html = html
        if html.withUnsafeBufferPointer({ $0.firstOffset(of: tableTags[0].pattern) != nil }) {
            html = html.withUnsafeBufferPointer { $0.replacing(tableTags) } ?? html
        }
        if html.withUnsafeBufferPointer({ $0.firstOffset(of: checkbox, from: 0) != nil }) {
            html = html.withUnsafeBufferPointer { labellingTaskCheckboxes($0) }
        }
        return html
    }

    /// cmark-gfm writes a task item as `<input type="checkbox" disabled="" /> text`, a control with no
    /// accessible name. The checkbox and the item's first run of inline content are wrapped in one
    /// `<label>`, which ends before the first block-level tag (a nested list, a paragraph end, the
    /// item's end), so a screen reader reads the task with its state; the item gets the class
    /// `task-list-item` so themes can drop its bullet.
    static func labellingTaskCheckboxes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        func starts(_ pattern: [UInt8], at index: Int) -> Bool {
            index + pattern.count <= bytes.count && bytes[index..<index + pattern.count].elementsEqual(pattern)
        }
        func blockBoundary(from start: Int) -> Int {
            var end = start
            while let tag = bytes.firstOffset(of: [UInt8(ascii: "<")], from: end) {
                if blockTags.contains(where: { starts($0, at: tag) }) { return tag }
                end = tag + 1
            }
            return bytes.count
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 256)
        var index = 0
        while index < bytes.count {
            let next = bytes.firstOffset(of: checkbox, from: index) ?? bytes.count
            result.append(contentsOf: bytes[index..<next])
            index = next
            guard index < bytes.count else { break }
            if result.count >= 4, result[(result.count - 4)...].elementsEqual("<li>".utf8) {
                result.removeLast()
                result.append(contentsOf: " class=\"task-list-item\">".utf8)
            }
            var inputEnd = index
            while inputEnd < bytes.count, bytes[inputEnd] != UInt8(ascii: ">") { inputEnd += 1 }
            inputEnd = min(inputEnd + 1, bytes.count)
            var textStart = inputEnd
            var end = blockBoundary(from: textStart)
            let paragraph = Array("<p>".utf8)
            if bytes[inputEnd..<end].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }), starts(paragraph, at: end) {
                // A loose item: cmark-gfm puts the checkbox before the item's first paragraph.
                result.append(contentsOf: "\n<p>".utf8)
                textStart = end + paragraph.count
                end = blockBoundary(from: textStart)
            }
            var textEnd = end
            while textEnd > textStart, bytes[textEnd - 1] == UInt8(ascii: "\n") { textEnd -= 1 }
            result.append(contentsOf: "<label>".utf8)
            result.append(contentsOf: bytes[index..<inputEnd])
            if textStart != inputEnd { result.append(UInt8(ascii: " ")) }
            result.append(contentsOf: bytes[textStart..<textEnd])
            result.append(contentsOf: "</label>".utf8)
            result.append(contentsOf: bytes[textEnd..<end])
            index = end
        }
        return result
    }

    /// Gives every link marked with `externalMarker` the class `external` (issue 3: external links
    /// are marked for styling). cmark-gfm writes no classes, so the marker, put first inside each
    /// external link, finds its opening tag: the last `<a` before it, as attribute values are escaped
    /// and hold no `<`. Content cannot forge the marker: its text is escaped and raw HTML dropped.
    static func markingExternalLinks(_ html: [UInt8]) -> [UInt8] {
        let marker = Array(externalMarker.utf8)
        return html.withUnsafeBufferPointer { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 64)
            var index = 0
            while let found = bytes.firstOffset(of: marker, from: index) {
                result.append(contentsOf: bytes[index..<found])
                if let open = result.lastIndex(of: UInt8(ascii: "<")), result[open...].starts(with: "<a ".utf8) {
                    result.insert(contentsOf: " class=\"external\"".utf8, at: open + 2)
                }
                index = found + marker.count
            }
            result.append(contentsOf: bytes[index...])
            return result
        }
    }
}

private extension CMark {
    /// Each pattern with what replaces it; no two can overlap (each holds one `<`, at its start).
    static let tableTags: [(pattern: [UInt8], replacement: [UInt8])] = [
        ("<table>", "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\"><table>"),
        ("</table>", "</table></div>"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
    static let checkbox = Array("<input type=\"checkbox\"".utf8)
    static let blockTags = ["</li>", "</p>", "<ul", "<ol", "<p>", "<p ", "<div", "<pre", "<blockquote", "<table", "<h", "</h"]
        .map { Array($0.utf8) }
}
