/// The stored starts of a document's sections, for result snippets. The index keeps a short
/// excerpt per heading section rather than the text, and a budget per document: ten results may
/// come from ten document shards, so every byte of a document is paid ten times by a first query.
enum Excerpt {
    /// Characters per section at most, and per document in all.
    static let length = 100
    static let documentBudget = 480
    /// A section gets at least this much, however many sections the document has.
    static let minimumLength = 48

    /// `[heading, excerpt]`, plus the heading id as a third element when a browser could not
    /// derive it from an ASCII heading (GitHub's slug: lowercase, spaces to `-`, other
    /// punctuation dropped). The text before the first heading has heading "".
    static func sections(of body: MarkdownDocument) -> [[String]] {
        let kept = body.sections.filter { $0.headingID != nil || !$0.text.isEmpty }
        let each = max(minimumLength, min(length, documentBudget / max(1, kept.count)))
        return kept.map { section in
            var entry = [section.heading, cut(section.text, length: each)]
            if let id = section.headingID, !(section.heading.utf8.allSatisfy { $0 < 0x80 } && id == HeadingIDs.slug(section.heading)) {
                entry.append(id)
            }
            return entry
        }
    }

    /// At most `length` characters, cut at a space, with `…` when something was cut.
    static func cut(_ text: String, length: Int) -> String {
        guard text.count > length else { return text }
        let head = text.prefix(length)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut.trimmingSuffix { " ,;:".contains($0) } + "…"
    }
}

private extension Substring {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return String(self[..<end])
    }
}
