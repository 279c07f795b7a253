import Foundation

/// Walks a built site the way a browser would follow it — every `href` and `src` of every HTML
/// page — without trusting the resolver: each must name an existing file, each `#fragment` an
/// existing `id` in that file. Returns one line per problem.
enum OutputLinkChecker {
    static func problems(in files: [String: Data]) -> [String] {
        var ids: [String: Set<String>] = [:]
        var pages: [String: String] = [:]
        for (path, data) in files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            pages[path] = html
            ids[path] = Set(attributes("id", in: html))
        }
        var problems: [String] = []
        for (path, html) in pages.sorted(by: { $0.key < $1.key }) {
            for url in attributes("href", in: html) + attributes("src", in: html) {
                // External and `data:` URLs: anything with a scheme, or protocol-relative.
                if url.hasPrefix("//") || url.prefix(while: { $0 != "/" && $0 != "#" }).contains(":") { continue }
                let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? path : resolve(parts[0], from: path)
                guard let target, files[target] != nil else { problems.append("\(path): \(url) names no file"); continue }
                if parts.count == 2, !parts[1].isEmpty, ids[target]?.contains(parts[1].removingPercentEncoding ?? parts[1]) != true {
                    problems.append("\(path): \(url) names no id in \(target)")
                }
            }
        }
        return problems
    }

    private static func resolve(_ relative: String, from page: String) -> String? {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in (relative.removingPercentEncoding ?? relative).split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case ".", "": continue
            case "..": if parts.isEmpty { return nil } else { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        if relative.hasSuffix("/") { parts.append("index.html") }
        return parts.joined(separator: "/")
    }

    /// Values of ` name="…"` attributes, scanning bytes (fast even in debug builds).
    private static func attributes(_ name: String, in html: String) -> [String] {
        let marker = Array(" \(name)=\"".utf8)
        let bytes = Array(html.utf8)
        var values: [String] = []
        var index = 0
        while index + marker.count <= bytes.count {
            if bytes[index] == marker[0], bytes[index..<index + marker.count].elementsEqual(marker) {
                let start = index + marker.count
                var end = start
                while end < bytes.count, bytes[end] != 34 { end += 1 }
                values.append(String(decoding: bytes[start..<end], as: UTF8.self).replacingOccurrences(of: "&amp;", with: "&"))
                index = end
            } else {
                index += 1
            }
        }
        return values
    }
}
