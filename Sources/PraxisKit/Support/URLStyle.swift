import Foundation

/// Every link between two output files is relative and names the file (`../../practices/foo/index.html`),
/// so one `_site/` works at any sub-path of a web host and opened from disk. With `clean_urls`
/// links end at the folder (`../../practices/foo/`) for servers that map folders to index files.
public struct URLStyle: Sendable, Hashable {
    public var cleanURLs: Bool

    public init(cleanURLs: Bool = false) { self.cleanURLs = cleanURLs }

    /// The link from the output file `page` to the output file `target` (both relative to the site root).
    public func href(from page: String, to target: String, fragment: String? = nil) -> String {
        var (page, target) = (page, target)
        // Bytes, not path components: this runs for every link of every page.
        var url: [UInt8] = page.withUTF8 { from in
            target.withUTF8 { to in
                // The folders both paths share end at the last slash of their common prefix.
                var shared = 0
                var index = 0
                while index < from.count, index < to.count, from[index] == to[index] {
                    if from[index] == UInt8(ascii: "/") { shared = index + 1 }
                    index += 1
                }
                let ups = from[shared...].reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
                var url: [UInt8] = []
                url.reserveCapacity(ups * 3 + to.count - shared + 16)
                for _ in 0..<ups { url.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "."), UInt8(ascii: "/")]) }
                var rest = to[shared...]
                if cleanURLs, rest.count >= 10, rest.suffix(10).elementsEqual("index.html".utf8),
                   rest.count == 10 || rest[rest.endIndex - 11] == UInt8(ascii: "/") {
                    rest = rest.dropLast(10)
                }
                if rest.allSatisfy(URLStyle.isPlain) {
                    url.append(contentsOf: rest)
                } else {
                    let segments = rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                    url.append(contentsOf: segments.map { URLStyle.encode(Substring(decoding: $0, as: UTF8.self)) }.joined(separator: "/").utf8)
                }
                return url
            }
        }
        if url.isEmpty { url = Array("./".utf8) }
        if let fragment, !fragment.isEmpty { url.append(UInt8(ascii: "#")); url.append(contentsOf: fragment.utf8) }
        return String(decoding: url, as: UTF8.self)
    }

    /// Bytes that never need percent-encoding in a path: what slugs are made of, and the separator.
    private static func isPlain(_ byte: UInt8) -> Bool {
        (97...122).contains(byte) || (48...57).contains(byte) || byte == 45 || byte == 46 || byte == 95 || byte == 47
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
        String(repeating: "../", count: page.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) })
    }
}
