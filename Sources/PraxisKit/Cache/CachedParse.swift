import Foundation

/// The Parse stage's result as `documents.memo` keeps it: the page without its body's HTML and
/// sections, then those two. A build that takes a page from the memo does not copy them: the
/// page's slots in the `BodyStore` point into the memo's file (kept open), so only a page that
/// is rendered or tokenised again reads them, from there. Last comes the page's part of the Link
/// stage's key (`LinkMemo`).
struct CachedParse {
    var result: ParseResult
    /// The body's HTML (UTF-8) and its sections in the `BodyStore`'s form, in the memo.
    var html: StoredBytes
    var sections: StoredBytes
    /// `LinkMemo.key(of:)` of the page; none without a page.
    var linkKey: ContentHash?

    static func write(_ result: ParseResult, linkKey: ContentHash?, to writer: inout BinaryWriter) {
        var stripped = result
        stripped.page?.body.html = ""
        stripped.page?.body.sections = []
        stripped.write(to: &writer)
        writer.write(result.page?.body.html ?? "")
        var sections = BinaryWriter()
        sections.write(result.page?.body.sections ?? [])
        writer.write(sections.bytes.count)
        sections.bytes.withUnsafeBytes { writer.write(raw: $0) }
        writer.write(linkKey)
    }

    /// Reads a memo entry (`MemoFile`); the sections are checked to be whole (without making
    /// their text), so a damaged entry is noticed now, as a miss, not when a page is rendered.
    init(from reader: inout BinaryReader) throws {
        result = try ParseResult(from: &reader)
        html = try reader.readStored()
        sections = try reader.readStored { reader in
            for _ in 0..<(try reader.readCount()) {
                if try reader.readBool() { try reader.skipString() }
                try reader.skipString()
                try reader.skipString()
            }
        }
        linkKey = try reader.readOptional()
    }
}
