/// HTML post-processing for external links; no cmark-gfm call (those stay in CMark.swift).
extension CMark {
    /// Gives every link marked with `externalMarker` the class `external` (issue 3: external links
    /// are marked for styling). cmark-gfm writes no classes, so the marker, put first inside each
    /// external link, finds its opening tag: the last `<a` before it, as attribute values are escaped
    /// and hold no `<`. Content cannot forge the marker: its text is escaped and raw HTML dropped.
    static func markingExternalLinks(_ html: String) -> String {
        let marker = Array(externalMarker.utf8)
        let bytes = Array(html.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 64)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + marker.count <= bytes.count,
                  bytes[index..<index + marker.count].elementsEqual(marker) else {
                result.append(bytes[index])
                index += 1
                continue
            }
            if let open = result.lastIndex(of: UInt8(ascii: "<")), result[open...].starts(with: "<a ".utf8) {
                result.insert(contentsOf: " class=\"external\"".utf8, at: open + 2)
            }
            index += marker.count
        }
        return String(decoding: result, as: UTF8.self)
    }
}
