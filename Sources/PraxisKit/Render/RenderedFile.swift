import Foundation

/// One file of the output, in memory: bytes to write, or a file to copy.
public struct RenderedFile: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case bytes(Data)
        /// An absolute path to copy from.
        case copy(String)
    }

    /// Relative to the output folder.
    public var path: String
    public var content: Content

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }

    public static func text(_ path: String, _ text: String) -> RenderedFile {
        RenderedFile(path: path, content: .bytes(Data(text.utf8)))
    }
}
