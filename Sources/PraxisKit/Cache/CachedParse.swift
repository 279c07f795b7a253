import Foundation

/// The Parse stage's result as `documents.memo` keeps it: the page as the Link stage may read it
/// (`LinkMemo.write`: without its body's HTML and sections, and without its file's hash, which is
/// the entry's key), its diagnostics, then the HTML and the sections. A build that takes a page
/// from the memo does not copy those two: the page's slots in the `BodyStore` point into the
/// memo's file (kept open), so only a page that is rendered or tokenised again reads them, from
/// there. Last comes the page's part of the Link stage's key, the hash of the page's bytes.
struct CachedParse {
    var result: ParseResult
    /// The body's HTML (UTF-8) and its sections in the `BodyStore`'s form, in the memo.
    var html: StoredBytes
    var sections: StoredBytes
    /// `LinkMemo.key(of:)` of the page; none without a page.
    var linkKey: ContentHash?

    /// Writes `result` (in `ParseResult`'s form, the page as above) and returns the page's link key.
    @discardableResult
    static func write(_ result: ParseResult, to writer: inout BinaryWriter) -> ContentHash? {
        writer.write(result.page != nil)
        let linkKey = result.page.map { LinkMemo.write($0, to: &writer) }
        writer.write(result.diagnostics)
        writer.write(result.page?.body.html ?? "")
        var sections = BinaryWriter()
        sections.write(result.page?.body.sections ?? [])
        sections.bytes.withUnsafeBytes { bytes in
            writer.write(ContentHash.bulk(bytes))
            writer.write(bytes.count)
            writer.write(raw: bytes)
        }
        writer.write(linkKey)
        return linkKey
    }

    /// Reads the memo entry stored under `key`, the source's hash (`MemoFile`); the sections'
    /// bytes are checked to have the hash they were written with (without making their text), so
    /// a damaged entry is noticed now, as a miss, not when a page is rendered. (Walking them
    /// instead took a third of the time of reading a rebuild's ten thousand cached pages.)
    /// The page is read without what only linking reads unless `forLinking` (`ParsedPage`).
    init(from reader: inout BinaryReader, key: ContentHash, forLinking: Bool = true) throws {
        result = try ParseResult(from: &reader, forLinking: forLinking)
        result.page?.sourceHash = key
        html = try reader.readStored()
        let sectionsHash = try reader.read(ContentHash.self)
        sections = try reader.readStored { reader in
            guard ContentHash.bulk(try reader.readRaw(reader.remaining)) == sectionsHash else { throw BinaryReader.Damaged() }
        }
        linkKey = try reader.readOptional()
    }
}
