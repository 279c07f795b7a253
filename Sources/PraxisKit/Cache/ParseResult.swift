/// The Parse stage's result for one source file, as the build cache keeps it.
struct ParseResult: BinaryCodable {
    var page: ParsedPage?
    var diagnostics: [Diagnostic]

    init(page: ParsedPage?, diagnostics: [Diagnostic]) {
        self.page = page
        self.diagnostics = diagnostics
    }

    func write(to writer: inout BinaryWriter) {
        writer.write(page)
        writer.write(diagnostics)
    }

    init(from reader: inout BinaryReader) throws { try self.init(from: &reader, forLinking: true) }

    /// The result, its page without what only linking reads unless `forLinking` (`ParsedPage`).
    init(from reader: inout BinaryReader, forLinking: Bool) throws {
        page = try reader.readBool() ? try ParsedPage(from: &reader, forLinking: forLinking) : nil
        diagnostics = try reader.readArray()
    }
}
