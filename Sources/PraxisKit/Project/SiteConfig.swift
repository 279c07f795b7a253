/// Everything `site.yml` says (README "site.yml reference"); each property's default is what a
/// site gets without the key.
public struct SiteConfig: Sendable, Hashable {
    public var title = "Praxis"
    public var description = ""
    /// BCP 47 language of the content, for `<html lang>` and for search (stemming is English only).
    public var language = "en"
    /// The theme folder under `themes/`.
    public var theme = "default"
    /// Where `theme:` is written, to report a missing theme there (nil without the key).
    public var themeLocation: SourceLocation?
    /// Link to `folder/` instead of `folder/index.html`; needs a web server that serves index files.
    public var cleanURLs = false
    /// Cards per listing page before pagination.
    public var pageSize = 20
    /// Let raw HTML in Markdown through. Off: it is dropped and reported.
    public var rawHTML = false
    /// Broken body links are errors; `warning` downgrades them (they are still reported).
    public var brokenLinksAreErrors = true
    public var schema = Schema.defaults
    /// How the search index treats text (README "Search index format").
    public var search = SearchConfig()

    public init() {}
}

/// Where things are in a repository. Every path Praxis reads or writes is derived from these.
public struct ProjectPaths: Sendable, Hashable {
    public var root: String
    public var output: String

    public init(root: String, output: String? = nil) {
        self.root = ProjectPaths.clean(root)
        self.output = ProjectPaths.clean(output.map { $0.hasPrefix("/") ? $0 : root + "/" + $0 } ?? root + "/_site")
    }

    public var siteFile: String { root + "/site.yml" }
    public var content: String { root + "/content" }
    public var staticFiles: String { root + "/static" }
    public var themes: String { root + "/themes" }
    /// Site-level overrides of single theme files (README "Themes").
    public var templateOverrides: String { root + "/templates" }
    public var assetOverrides: String { root + "/assets" }

    /// The path relative to the repository root, as diagnostics print it.
    public func relative(_ path: String) -> String {
        // On bytes: a path is the file system's bytes, and counting characters is many times slower.
        let prefix = root + "/"
        guard path.utf8.starts(with: prefix.utf8) else { return path }
        return String(path[path.utf8.index(path.startIndex, offsetBy: prefix.utf8.count)...])
    }

    /// `a/./b/../c` → `a/c`; no trailing slash.
    public static func clean(_ path: String) -> String {
        let absolute = path.utf8.first == UInt8(ascii: "/")
        var parts: [Substring] = []
        // Split on the UTF-8 view: `/` is ASCII, and splitting characters is many times slower.
        for part in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map({ Substring($0) }) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty, parts.last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
