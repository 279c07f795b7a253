/// One problem found in a run, printed like a compiler message:
/// `content/practices/a.md:4:8: error: unknown level `provincal`; …`.
///
/// Every stage returns its diagnostics as values; the build refuses to write when any is an error.
public struct Diagnostic: Error, Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    /// A stable identifier such as `praxis.schema.unknown-value`, for tools and documentation.
    public var id: String
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ id: String, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.id = id
        self.location = location
        // Messages quote content (paths, link destinations decoded from `%09`, YAML values): a
        // tab, newline or terminal escape in them would break the one-line format or the terminal.
        self.message = message.escapingControlCharacters
    }

    public static func error(_ id: String, at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, id, at: location, message)
    }

    public static func warning(_ id: String, at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, id, at: location, message)
    }

    public var isError: Bool { severity == .error }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location, a.severity, a.message, a.id) < (b.location, b.severity, b.message, b.id)
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { lazy.filter(\.isError).count }
    public var warningCount: Int { lazy.filter { !$0.isError }.count }
    public var hasErrors: Bool { contains(where: \.isError) }
}
