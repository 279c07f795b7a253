/// `links.memo`: the Link stage's result, kept under a key made of everything that stage reads, so
/// that a rebuild whose edits changed none of it takes the result instead of linking again.
///
/// The Link stage reads each parsed page without its body's HTML and sections (those are only
/// carried on, `LinkResolver.linkedPage`), the content folder's files and folders, the
/// configuration and `--drafts`. A page's part of the key (`key(of:)`) is the page in the cache's
/// binary form without those two and without its file's hash, made when the page is parsed and
/// kept with it in `documents.memo` (`CachedParse`). Text edited where it moves no link, heading
/// or other position (a sentence reworded, a paragraph added after the last link) leaves it as it
/// was; anything else makes the stage run again. The configuration and the binary are in every
/// memo's fingerprint (`BuildCache`).
enum LinkMemo {
    /// The page as the Link stage may read it.
    static func key(of page: ParsedPage) -> ContentHash {
        var writer = BinaryWriter()
        return write(page, to: &writer)
    }

    /// Writes the page as the Link stage may read it (as `documents.memo` keeps it, `CachedParse`)
    /// and returns its key: the hash of the bytes written.
    @discardableResult
    static func write(_ page: ParsedPage, to writer: inout BinaryWriter) -> ContentHash {
        var page = page
        page.body.html = ""
        page.body.sections = []
        page.sourceHash = ContentHash(high: 0, low: 0)
        let start = writer.bytes.count
        page.write(to: &writer)
        return writer.bytes.withUnsafeBytes { ContentHash(UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    /// The whole stage's input: every parsed page's key (`pages` and `keys` in the same order),
    /// the content folder's files and folders, and `--drafts`.
    static func key(pages: [ParsedPage], keys: [ContentHash], files: ContentTree, includeDrafts: Bool) -> ContentHash {
        var hasher = ContentHasher()
        hasher.add("links")
        hasher.add(includeDrafts ? 1 : 0)
        hasher.add(pages.count)
        for (page, key) in zip(pages, keys) {
            hasher.add(page.path)
            hasher.add(key)
        }
        for paths in [files.files, files.documentPaths, files.folders] {
            hasher.add(paths.count)
            for path in paths.sorted() { hasher.add(path) }
        }
        hasher.add(files.fileOrigins.count)
        for (path, origin) in files.fileOrigins.sorted(by: { $0.key < $1.key }) {
            hasher.add(path)
            hasher.add(origin)
        }
        hasher.add(files.activeContent.count)
        for (path, active) in files.activeContent.sorted(by: { $0.key < $1.key }) {
            hasher.add(path)
            hasher.add(active.line)
            hasher.add(active.column)
            hasher.add(active.reason)
            hasher.add(active.remedy)
        }
        return hasher.finish()
    }

    /// The stage's result without the pages themselves: for each published page, its number in
    /// `parsed` and what linking added to it; then the copies, edges and diagnostics.
    static func write(_ site: LinkedSite, _ diagnostics: [Diagnostic], parsed: [ParsedPage], to writer: inout BinaryWriter) {
        var numbers: [String: Int] = [:]
        numbers.reserveCapacity(parsed.count)
        for (number, page) in parsed.enumerated() { numbers[page.path] = number }
        // Each page's record with its length first, so that reading finds them all at once and
        // decodes them on every core.
        writer.write(site.pages.count)
        for linked in site.pages {
            var record = BinaryWriter()
            record.write(numbers[linked.page.path]!)
            record.write(linked.outputPath)
            record.write(linked.links.urls)
            record.write(linked.links.titles.count)
            for (number, title) in linked.links.titles {
                record.write(number)
                record.write(title)
            }
            record.write(linked.relations.count)
            for group in linked.relations {
                record.write(group.label)
                record.write(group.targets)
            }
            record.write(linked.backlinks.count)
            for backlink in linked.backlinks {
                record.write(backlink.source)
                record.write(backlink.context)
            }
            writer.write(record.bytes.count)
            record.bytes.withUnsafeBytes { writer.write(raw: $0) }
        }
        writer.write(site.copies.count)
        for copy in site.copies {
            writer.write(copy.outputPath)
            writer.write(copy.origin)
        }
        writer.write(site.edges.count)
        for edge in site.edges {
            writer.write(edge.type)
            writer.write(edge.from)
            writer.write(edge.to)
        }
        writer.write(diagnostics)
    }

    /// The site `write` recorded, made again from this build's parsed pages (whose keys matched),
    /// with their bodies where this build keeps them.
    static func read(_ reader: inout BinaryReader, parsed: [ParsedPage], config: SiteConfig, bodies: BodyStore?) throws -> (LinkedSite, [Diagnostic]) {
        let count = try reader.readCount()
        var records: [UnsafeRawBufferPointer] = []
        records.reserveCapacity(count)
        for _ in 0..<count { records.append(try reader.readRaw(try reader.readCount())) }
        let slices = Records(slices: records)
        let decoded = concurrentMap(count) { number -> LinkedPage? in
            var record = BinaryReader(slices.slices[number])
            return try? page(from: &record, parsed: parsed, count: count)
        }
        var pages: [LinkedPage] = []
        pages.reserveCapacity(count)
        for page in decoded {
            guard let page else { throw BinaryReader.Damaged() }
            pages.append(page)
        }
        var copies: [FileCopy] = []
        for _ in 0..<(try reader.readCount()) { copies.append(FileCopy(outputPath: try reader.readString(), origin: try reader.readString())) }
        var edges: [GraphEdge] = []
        for _ in 0..<(try reader.readCount()) {
            edges.append(GraphEdge(type: try reader.readString(), from: try reader.readInt(below: count), to: try reader.readInt(below: count)))
        }
        let diagnostics: [Diagnostic] = try reader.readArray()
        return (LinkedSite(config: config, pages: pages, copies: copies, edges: edges, bodies: bodies), diagnostics)
    }

    /// One page's record as `write` wrote it: the page it is (a number in `parsed`) and what linking added.
    private static func page(from reader: inout BinaryReader, parsed: [ParsedPage], count: Int) throws -> LinkedPage {
        let page = parsed[try reader.readInt(below: parsed.count)]
        let outputPath = try reader.readString()
        var links = BodyLinks()
        links.urls = try reader.readStrings()
        for _ in 0..<(try reader.readCount()) { links.titles.append((try reader.readInt(), try reader.readString())) }
        var linked = LinkResolver.linkedPage(page, outputPath: outputPath, links: links)
        for _ in 0..<(try reader.readCount()) {
            let label = try reader.readString()
            let targets = try reader.readInts()
            guard targets.allSatisfy({ (0..<count).contains($0) }) else { throw BinaryReader.Damaged() }
            linked.relations.append(RelationGroup(label: label, targets: targets))
        }
        for _ in 0..<(try reader.readCount()) {
            linked.backlinks.append(Backlink(source: try reader.readInt(below: count), context: try reader.readString()))
        }
        guard reader.isAtEnd else { throw BinaryReader.Damaged() }
        return linked
    }

    /// The pages' records, read on several cores while the memo's bytes stay where they are.
    private struct Records: @unchecked Sendable {
        let slices: [UnsafeRawBufferPointer]
    }
}
