import Foundation

/// A document's file as the loader found it, before anything is parsed: its bytes read, or left
/// unread because the build cache vouches for them (`isUnread`, `KnownSources`).
public struct SourceFile: Sendable, Hashable {
    /// Relative to the repository root: `content/practices/foo.md`.
    public var path: String
    /// Empty when the file was not read because the cache holds what it parses to (`KnownSources`).
    public var bytes: Data {
        didSet {
            bytesHash = ContentHash(bytes)
            isUnread = false
        }
    }
    /// A hash of the file's bytes, read or not.
    public private(set) var bytesHash: ContentHash
    /// The file's stamp before it was read, when the file system gives one (`KnownSources`).
    public var stamp: SourceStamp?
    /// Where the loader reads the bytes from (a link's target), when it read them or left them unread.
    var origin: String?
    /// True when the loader left the bytes unread, the cache holding what they parse to.
    private(set) var isUnread = false
    /// The kind whose folder holds the file, if any (`content/practices/…` → `practice`).
    public var folderKind: String?
    /// The slug the file name gives (`foo.md` and `foo/index.md` → `foo`), before normalising.
    public var fileSlug: String
    /// For a page bundle (`foo/index.md`): the files beside it, repository-relative.
    public var bundleAssets: [String]

    public init(path: String, bytes: Data, folderKind: String?, fileSlug: String, bundleAssets: [String] = []) {
        self.path = path
        self.bytes = bytes
        bytesHash = ContentHash(bytes)
        self.folderKind = folderKind
        self.fileSlug = fileSlug
        self.bundleAssets = bundleAssets
    }

    public var isBundle: Bool { path.hasSuffix("/index.md") }

    /// A hash of everything the Parse stage reads from this file: its bytes, its path and what
    /// the path says (kind folder, slug, bundle assets). Equal keys give equal parsed pages, which
    /// is what the build cache relies on.
    var contentKey: ContentHash {
        var hasher = ContentHasher()
        hasher.add(path)
        hasher.add(folderKind ?? "\u{0}")
        hasher.add(fileSlug)
        hasher.add(bundleAssets.count)
        for asset in bundleAssets { hasher.add(asset) }
        hasher.add(bytesHash)
        return hasher.finish()
    }

    /// The file, not read, as the file whose bytes hash to `hash`.
    func unread(hashing hash: ContentHash) -> SourceFile {
        var file = self
        file.bytes = Data()
        file.bytesHash = hash
        file.isUnread = true
        return file
    }
    /// `content/practices/foo` for both `foo.md` and `foo/index.md`: the folder links are resolved from.
    /// On bytes (`parentPath`): the loader's paths are relative and have no doubled or trailing
    /// slash for NSString to normalise, and the bridge cost more than the rest of the page's setup.
    public var directory: String { path.parentPath }
}

/// What the loader found: documents, and every other file that pages may link to or copy.
public struct ContentTree: Sendable {
    public var documents: [SourceFile]
    /// Repository-relative paths of non-Markdown files under `content/` and `static/`.
    public var files: Set<String>
    /// Repository-relative path → absolute path to copy from (links inside the repository resolved).
    public var fileOrigins: [String: String]
    /// Every document's path, including those that could not be read or parsed: a link to one of
    /// them is not "missing" (the document's own error says what is wrong).
    public var documentPaths: Set<String> = []
    /// Folders under `content/` and `static/` (and `content` itself), to explain a link to a folder.
    public var folders: Set<String> = []
    /// Files under `content/` that would run code in readers' browsers, by path.
    public var activeContent: [String: ActiveContent] = [:]

    public init(documents: [SourceFile], files: Set<String>, fileOrigins: [String: String]) {
        self.documents = documents
        self.files = files
        self.fileOrigins = fileOrigins
    }
}
