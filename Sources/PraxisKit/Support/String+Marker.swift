extension String {
    /// Replaces every occurrence of `marker` — a string that cannot occur in escaped HTML, such as
    /// one holding a control character — working on UTF-8 bytes.
    func replacingMarker(_ marker: String, with replacement: String) -> String {
        let pattern = Array(marker.utf8)
        let bytes = Array(utf8)
        guard let first = pattern.first else { return self }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == first, index + pattern.count <= bytes.count, bytes[index..<index + pattern.count].elementsEqual(pattern) {
                result.append(contentsOf: replacement.utf8)
                index += pattern.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
