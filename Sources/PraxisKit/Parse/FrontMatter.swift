/// Front matter that passed the schema: the document's kind, its declared fields and the rest.
public struct FrontMatter: Sendable, Hashable {
    public var kind: KindSpec
    public var fields: [String: FieldValue]
    /// Fields the schema does not declare, kept for templates (`{{doc.extra.name}}`).
    public var extra: [String: YAMLValue]
    /// Where each key was written, for diagnostics of later stages.
    public var keyLocations: [String: SourceLocation]
    /// Where each value of a taxonomy field was written, in the order of its values.
    public var valueLocations: [String: [SourceLocation]] = [:]

    public func string(_ name: String) -> String? {
        if case let .string(value)? = fields[name] { return value }
        return nil
    }

    public func day(_ name: String) -> Day? {
        if case let .date(value)? = fields[name] { return value }
        return nil
    }
}
