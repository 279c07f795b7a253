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

    init(from reader: inout BinaryReader) throws {
        page = try reader.readOptional()
        diagnostics = try reader.readArray()
    }
}
