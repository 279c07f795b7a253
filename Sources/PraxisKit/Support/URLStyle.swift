import Foundation

/// Every link between two output files is relative and names the file (`../../practices/foo/index.html`),
/// so one `_site/` works at any sub-path of a web host and opened from disk. With `clean_urls`
/// links end at the folder (`../../practices/foo/`) for servers that map folders to index files.
public struct URLStyle: Sendable, Hashable {
    public var cleanURLs: Bool

    public init(cleanURLs: Bool = false) { self.cleanURLs = cleanURLs }

    /// The link from the output file `page` to the output file `target` (both relative to the site root).
    public func href(from page: String, to target: String, fragment: String? = nil) -> String {
        let from = page.split(separator: "/").dropLast()
        var to = target.split(separator: "/", omittingEmptySubsequences: false)
        let common = zip(from, to.dropLast()).prefix { $0 == $1 }.count
        var url = String(repeating: "../", count: from.count - common)
        if cleanURLs, to.last == "index.html" { to[to.count - 1] = "" }
        url += to[common...].map { URLStyle.encode($0) }.joined(separator: "/")
        if url.isEmpty { url = "./" }
        if let fragment, !fragment.isEmpty { url += "#" + fragment }
        return url
    }

    /// Percent-encodes one path segment; slugs (the usual case) pass through untouched.
    static func encode(_ segment: Substring) -> String {
        let plain = segment.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 46 || $0 == 95 }
        if plain { return String(segment) }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? String(segment)
    }

    /// The prefix that leads from `page` to the site root: `../../` for `practices/foo/index.html`.
    public func root(from page: String) -> String {
        String(repeating: "../", count: page.split(separator: "/").count - 1)
    }
}
