/// The binary form of a parsed document, for the build cache. Every stored property is written;
/// `BuildCacheTests` round-trips the starter content and a generated corpus and compares the
/// values, so a property added to a type but not here fails the tests instead of vanishing.
///
/// What only linking reads, and linking drops (`LinkResolver.linkedPage`: where each front matter
/// key and value was written, the body's links and anchors), and what only parsing read (the
/// body's dropped HTML, images without text and flagged addresses, already told as diagnostics),
/// is written in parts of their own, which a page read `forLinking: false` passes over without
/// making (`CachedParse`): most rebuilds take the Link stage's result from `links.memo`, and
/// never read them.
extension ParsedPage: PartlyRead {
    func write(to writer: inout BinaryWriter) {
        writer.write(path)
        writer.write(directory)
        writer.write(bundleAssets)
        writer.write(frontMatter)
        writer.write(slug)
        writer.write(title)
        writer.write(summary)
        writer.write(date)
        writer.write(updated)
        writer.write(status)
        writer.write(body)
        writer.write(bodyFirstLine)
        writer.write(hasErrors)
        writer.write(sourceHash)
    }

    /// The page, without what only linking reads unless `forLinking` (see above).
    init(from reader: inout BinaryReader, forLinking: Bool) throws {
        self.init(path: try reader.readString(), directory: try reader.readString(), bundleAssets: try reader.readStrings(),
                  frontMatter: try FrontMatter(from: &reader, forLinking: forLinking), slug: try reader.readString(), title: try reader.readString(),
                  summary: try reader.readString(), date: try reader.read(), updated: try reader.readOptional(),
                  status: try reader.readString(), body: try MarkdownDocument(from: &reader, forLinking: forLinking), bodyFirstLine: try reader.readInt(),
                  hasErrors: try reader.readBool(), sourceHash: try reader.read(ContentHash.self))
    }
}

/// A value whose binary form keeps what only linking reads in a part of its own, which a reader
/// may pass over (see `ParsedPage` above); read whole by default.
protocol PartlyRead: BinaryCodable {
    init(from reader: inout BinaryReader, forLinking: Bool) throws
}

extension PartlyRead {
    init(from reader: inout BinaryReader) throws { try self.init(from: &reader, forLinking: true) }
}

extension FrontMatter: PartlyRead {
    func write(to writer: inout BinaryWriter) {
        writer.write(kind)
        writer.write(fields)
        writer.write(extra)
        writer.writePart { writer in
            writer.write(keyLocations)
            writer.write(valueLocations.count)
            for key in valueLocations.keys.sorted() {
                writer.write(key)
                writer.write(valueLocations[key]!)
            }
        }
    }

    init(from reader: inout BinaryReader, forLinking: Bool) throws {
        self.init(kind: try reader.read(), fields: try reader.readDictionary(), extra: try reader.readDictionary(), keyLocations: [:])
        try reader.readPart(skip: !forLinking) { reader in
            keyLocations = try reader.readDictionary()
            for _ in 0..<(try reader.readCount()) { valueLocations[try reader.readString()] = try reader.readArray() }
        }
    }
}

extension KindSpec: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(folder)
        writer.write(label)
        writer.write(plural)
        writer.write(description)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(name: try reader.readString(), folder: try reader.readString(), label: try reader.readString(),
                  plural: try reader.readString(), description: try reader.readString())
    }
}

extension FieldValue: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        switch self {
        case let .string(text): writer.write(0); writer.write(text)
        case let .list(values): writer.write(1); writer.write(values)
        case let .date(day): writer.write(2); writer.write(day)
        case let .number(text): writer.write(3); writer.write(text)
        case let .boolean(flag): writer.write(4); writer.write(flag)
        case let .links(references): writer.write(5); writer.write(references)
        case let .period(start, end): writer.write(6); writer.write(start); writer.write(end)
        case let .table(rows):
            writer.write(7)
            writer.write(rows.count)
            for row in rows { writer.write(row) }
        }
    }

    init(from reader: inout BinaryReader) throws {
        switch try reader.readInt() {
        case 0: self = .string(try reader.readString())
        case 1: self = .list(try reader.readStrings())
        case 2: self = .date(try reader.read())
        case 3: self = .number(try reader.readString())
        case 4: self = .boolean(try reader.readBool())
        case 5: self = .links(try reader.readArray())
        case 6: self = .period(start: try reader.readString(), end: try reader.readOptionalString())
        case 7:
            let count = try reader.readCount()
            self = .table(try (0..<count).map { _ in try reader.readStrings() })
        default: throw BinaryReader.Damaged()
        }
    }
}

extension YAMLValue: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        switch self {
        case let .scalar(text): writer.write(0); writer.write(text)
        case let .sequence(items): writer.write(1); writer.write(items)
        case let .mapping(pairs): writer.write(2); writer.write(pairs)
        }
    }

    init(from reader: inout BinaryReader) throws {
        switch try reader.readInt() {
        case 0: self = .scalar(try reader.readString())
        case 1: self = .sequence(try reader.readArray())
        case 2: self = .mapping(try reader.readDictionary())
        default: throw BinaryReader.Damaged()
        }
    }
}

extension Day: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(year)
        writer.write(month)
        writer.write(day)
    }

    init(from reader: inout BinaryReader) throws {
        (year, month, day) = (try reader.readInt(), try reader.readInt(), try reader.readInt())
        guard (1...12).contains(month), (1...Day.length(ofMonth: month, year: year)).contains(day) else { throw BinaryReader.Damaged() }
    }
}

extension DocumentReference: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(path)
        writer.write(location)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(path: try reader.readString(), location: try reader.read())
    }
}

extension SourceLocation: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(path)
        writer.write(line)
        writer.write(column)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(path: try reader.readString(), line: try reader.readInt(), column: try reader.readInt())
    }
}

extension Diagnostic: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(isError)
        writer.write(id)
        writer.write(location)
        writer.write(message)
    }

    init(from reader: inout BinaryReader) throws {
        let severity: Severity = try reader.readBool() ? .error : .warning
        self.init(severity, try reader.readString(), at: try reader.read(), try reader.readString())
    }
}

extension MarkdownDocument: PartlyRead {
    func write(to writer: inout BinaryWriter) {
        writer.write(html)
        writer.write(headings)
        writer.write(sections)
        writer.writePart { writer in
            writer.write(references)
            writer.write(droppedHTML)
            writer.write(imagesWithoutAlt)
            writer.write(anchorLinks)
            writer.write(flaggedDestinations)
        }
    }

    init(from reader: inout BinaryReader, forLinking: Bool) throws {
        self.init(html: try reader.readString(), headings: try reader.readArray(), references: [], droppedHTML: [], imagesWithoutAlt: [],
                  sections: try reader.readArray())
        try reader.readPart(skip: !forLinking) { reader in
            (references, droppedHTML, imagesWithoutAlt) = (try reader.readArray(), try reader.readArray(), try reader.readArray())
            (anchorLinks, flaggedDestinations) = (try reader.readArray(), try reader.readArray())
        }
    }
}

extension MarkdownDocument.Heading: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(level)
        writer.write(text)
        writer.write(id)
        writer.write(position)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(level: try reader.readInt(), text: try reader.readString(), id: try reader.readString(), position: try reader.read())
    }
}

extension MarkdownDocument.Reference: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(destination)
        writer.write(isImage)
        writer.write(position)
        writer.write(context)
        writer.write(isWiki)
        writer.write(needsTitle)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(destination: try reader.readString(), isImage: try reader.readBool(), position: try reader.read(),
                  context: try reader.readString(), isWiki: try reader.readBool(), needsTitle: try reader.readBool())
    }
}

extension MarkdownDocument.BodyPosition: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(line)
        writer.write(byteColumn)
        writer.write(column)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(line: try reader.readInt(), byteColumn: try reader.readInt())
        column = try reader.readInt()
    }
}

extension MarkdownDocument.Section: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(headingID)
        writer.write(heading)
        writer.write(text)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(headingID: try reader.readOptionalString(), heading: try reader.readString(), text: try reader.readString())
    }
}

extension MarkdownDocument.AnchorLink: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(fragment)
        writer.write(position)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(fragment: try reader.readString(), position: try reader.read())
    }
}

extension FlaggedDestination: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(destination)
        writer.write(isImage)
        switch problem {
        case let .script(scheme): writer.write(0); writer.write(scheme)
        case .localFile: writer.write(1)
        case let .externalImage(host): writer.write(2); writer.write(host)
        }
        writer.write(position)
    }

    init(from reader: inout BinaryReader) throws {
        let destination = try reader.readString(), isImage = try reader.readBool()
        let problem: Problem
        switch try reader.readInt() {
        case 0: problem = .script(scheme: try reader.readString())
        case 1: problem = .localFile
        case 2: problem = .externalImage(host: try reader.readString())
        default: throw BinaryReader.Damaged()
        }
        self.init(destination: destination, isImage: isImage, problem: problem, position: try reader.read())
    }
}
