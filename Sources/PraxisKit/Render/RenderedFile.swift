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
    /// For a rendered page: a hash of everything it was rendered from (`RenderKeys`), so the next
    /// build can keep the file instead of rendering it again.
    var renderKey: ContentHash?

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }

    /// A page as its template rendered it.
    static func page(_ path: String, _ bytes: [UInt8], renderKey: ContentHash? = nil) -> RenderedFile {
        var file = RenderedFile(path: path, content: .bytes(Data(bytes)))
        file.renderKey = renderKey
        return file
    }
}
