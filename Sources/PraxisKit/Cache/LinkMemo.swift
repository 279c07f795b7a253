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
/// memo's fingerprint (`BuildCache`). It is stored sealed (`MemoWriter.addSealed`): damaged, much
/// of it (addresses, titles, the order of the pages, the taxonomies) would read back as other
/// values that look valid.
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
        for (number, key) in zip(pages.indices, keys) {
            hasher.add(pages[number].path)
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
        for number in parsed.indices { numbers[parsed[number].path] = number }
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
            record.write(linked.relations)
            record.write(linked.backlinks)
            writer.write(record.bytes.count)
            record.bytes.withUnsafeBytes { writer.write(raw: $0) }
        }
        writer.write(site.copies)
        writer.write(site.edges)
        writer.write(diagnostics)
        // Made from the pages' dates, titles, paths and taxonomy values alone, all in the key.
        writer.write(site.newestFirst)
        writer.write(site.taxonomies.count)
        for taxonomy in site.taxonomies { taxonomy.write(to: &writer) }
    }

    /// The site `write` recorded, made again from this build's parsed pages (whose keys matched),
    /// with their bodies where this build keeps them.
    static func read(_ reader: inout BinaryReader, parsed: [ParsedPage], config: SiteConfig, bodies: BodyStore?) throws -> (LinkedSite, [Diagnostic]) {
        let count = try reader.readCount()
        var records: [UnsafeRawBufferPointer] = []
        records.reserveCapacity(count)
        for _ in 0..<count { records.append(try reader.readRaw(try reader.readCount())) }
        let slices = Records(slices: records)
        var decoded = concurrentMap(count) { number -> LinkedPage? in
            var record = BinaryReader(slices.slices[number])
            return try? page(from: &record, parsed: parsed, count: count)
        }
        guard !decoded.contains(where: { $0 == nil }) else { throw BinaryReader.Damaged() }
        // Moved out, not copied (a copy retains each of a page's strings and arrays).
        let pages = decoded.indices.map { decoded[$0].take()! }
        let copies: [FileCopy] = try reader.readArray()
        let edges: [GraphEdge] = try reader.readArray()
        guard edges.allSatisfy({ (0..<count).contains($0.from) && (0..<count).contains($0.to) }) else { throw BinaryReader.Damaged() }
        let diagnostics: [Diagnostic] = try reader.readArray()
        let newestFirst = try reader.readInts()
        var placed = [Bool](repeating: false, count: count)
        for number in newestFirst {
            guard (0..<count).contains(number), !placed[number] else { throw BinaryReader.Damaged() }
            placed[number] = true
        }
        let fields = config.schema.taxonomies
        guard newestFirst.count == count, try reader.readCount() == fields.count else { throw BinaryReader.Damaged() }
        let taxonomies = try fields.map { try Taxonomy(field: $0, from: &reader, pages: count) }
        return (LinkedSite(config: config, pages: pages, copies: copies, edges: edges, bodies: bodies, ordered: (newestFirst, taxonomies)), diagnostics)
    }

    /// One page's record as `write` wrote it: the page it is (a number in `parsed`) and what linking added.
    private static func page(from reader: inout BinaryReader, parsed: [ParsedPage], count: Int) throws -> LinkedPage {
        let page = parsed[try reader.readInt(below: parsed.count)]
        let outputPath = try reader.readString()
        var links = BodyLinks()
        links.urls = try reader.readStrings()
        for _ in 0..<(try reader.readCount()) { links.titles.append((try reader.readInt(), try reader.readString())) }
        var linked = LinkResolver.linkedPage(page, outputPath: outputPath, links: links)
        linked.relations = try reader.readArray()
        linked.backlinks = try reader.readArray()
        // Every page number must name one of the pages read.
        guard linked.relations.allSatisfy({ $0.targets.allSatisfy((0..<count).contains) }),
              linked.backlinks.allSatisfy({ (0..<count).contains($0.source) }), reader.isAtEnd else { throw BinaryReader.Damaged() }
        return linked
    }

    /// The pages' records, read on several cores while the memo's bytes stay where they are.
    private struct Records: @unchecked Sendable {
        let slices: [UnsafeRawBufferPointer]
    }
}

// What linking adds to a page and to the site, in the form `links.memo` keeps it.

extension Taxonomy {
    /// The terms and the slugs of the values; the field is the schema's (in the memo's fingerprint).
    func write(to writer: inout BinaryWriter) {
        writer.write(terms.count)
        for term in terms {
            writer.write(term.text)
            writer.write(term.slug)
            writer.write(term.pages)
        }
        writer.write(slugs.count)
        for (value, slug) in slugs.sorted(by: { $0.key < $1.key }) {
            writer.write(value)
            writer.write(slug)
        }
    }

    /// A taxonomy of `field` as `write` wrote it, for a site of `pages` pages.
    init(field: FieldSpec, from reader: inout BinaryReader, pages: Int) throws {
        let terms = try (0..<(try reader.readCount())).map { _ in
            let term = Term(text: try reader.readString(), slug: try reader.readString(), pages: try reader.readInts())
            guard term.pages.allSatisfy((0..<pages).contains) else { throw BinaryReader.Damaged() }
            return term
        }
        var slugs: [String: String] = [:]
        let count = try reader.readCount()
        slugs.reserveCapacity(count)
        for _ in 0..<count { slugs[try reader.readString()] = try reader.readString() }
        self.init(field: field, terms: terms, slugs: slugs)
    }
}

extension RelationGroup: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(label)
        writer.write(targets)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(label: try reader.readString(), targets: try reader.readInts())
    }
}

extension Backlink: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(source)
        writer.write(context)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(source: try reader.readInt(), context: try reader.readString())
    }
}

extension FileCopy: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(outputPath)
        writer.write(origin)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(outputPath: try reader.readString(), origin: try reader.readString())
    }
}

extension GraphEdge: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(type)
        writer.write(from)
        writer.write(to)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(type: try reader.readString(), from: try reader.readInt(), to: try reader.readInt())
    }
}
