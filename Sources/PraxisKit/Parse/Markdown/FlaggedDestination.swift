import Foundation

/// A link or image address that is not internal and still needs a word with the contributor: one
/// that cmark-gfm drops because it can run code (`javascript:`), one that names the reader's own
/// disk (`file:`), or an image from another host, which breaks offline reading and tells that host
/// who reads the page.
public struct FlaggedDestination: Sendable, Hashable {
    public enum Problem: Sendable, Hashable {
        /// `javascript:`, `vbscript:` or a `data:` address other than a PNG, GIF, JPEG or WebP image.
        case script(scheme: String)
        case localFile
        case externalImage(host: String)
    }

    public var destination: String
    public var isImage: Bool
    public var problem: Problem
    public var position: MarkdownDocument.BodyPosition

    /// The problem with an address that is not internal, if any. cmark-gfm drops exactly the
    /// addresses `isDropped` names unless raw HTML is allowed (its `_scan_dangerous_url`).
    static func problem(with destination: String, isImage: Bool, rawHTML: Bool) -> Problem? {
        let lower = destination.lowercased()
        // `C:\report.pdf` reads as the scheme `c:`, but it is a path on the writer's disk too.
        if lower.hasPrefix("file:") || isDrivePath(lower) { return .localFile }
        if !rawHTML, let scheme = ["javascript:", "vbscript:", "data:"].first(where: lower.hasPrefix), isDropped(lower) {
            return .script(scheme: String(scheme.dropLast()))
        }
        guard isImage, !lower.hasPrefix("data:") else { return nil }
        if lower.hasPrefix("//") || hasScheme(lower) {
            let host = URL(string: destination.hasPrefix("//") ? "https:" + destination : destination)?.host
            return .externalImage(host: host ?? destination)
        }
        return nil
    }

    /// `^[a-z]:[/\\]`, on bytes (the pattern holds ASCII only, so UTF-8 bytes and the code
    /// points the regular expression saw agree): a regular expression cost more than the whole walk of a link.
    static func isDrivePath(_ lowercased: String) -> Bool {
        let bytes = Array(lowercased.utf8.prefix(3))
        return bytes.count == 3 && (97...122).contains(bytes[0]) && bytes[1] == UInt8(ascii: ":")
            && (bytes[2] == UInt8(ascii: "/") || bytes[2] == UInt8(ascii: "\\"))
    }

    /// `^[a-z][a-z0-9+.-]*:`, on bytes.
    static func hasScheme(_ lowercased: String) -> Bool {
        for (index, byte) in lowercased.utf8.enumerated() {
            if (97...122).contains(byte) { continue }
            if index == 0 { return false }
            if byte == UInt8(ascii: ":") { return true }
            guard (48...57).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") else { return false }
        }
        return false
    }

    static func isDropped(_ lowercased: String) -> Bool {
        guard lowercased.hasPrefix("data:") else { return true }
        return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains(where: lowercased.hasPrefix)
    }

    /// One line: what happens to the address and what to write instead.
    func message(rawHTML: Bool) -> String {
        let shown = destination.count > 80 ? String(destination.prefix(79)) + "…" : destination
        switch problem {
        case let .script(scheme):
            return "\(isImage ? "image" : "link") `\(shown)` is dropped (its address is left empty): a `\(scheme):` address can run code in readers' browsers; link a page or a file instead"
        case .localFile:
            let what = rawHTML ? "" : "is dropped (its address is left empty): it "
            return "\(isImage ? "image" : "link") `\(shown)` \(what)names a file on the writer's own computer, which readers do not have; put the file beside this document and link it relatively, e.g. `[report](report.pdf)`"
        case let .externalImage(host):
            let name = URL(string: destination)?.lastPathComponent.nilIfEmpty ?? "image.png"
            return "image `\(shown)` is loaded from \(host): readers offline will not see it, and every reader's browser asks that host for it when the page opens; copy the image beside this document and write `![…](\(name))`"
        }
    }

    var id: String {
        switch problem {
        case .script: return "praxis.link.unsafe"
        case .localFile: return "praxis.link.local-file"
        case .externalImage: return "praxis.image.external"
        }
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty || self == "/" ? nil : self }
}
