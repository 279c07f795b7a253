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

extension String {
    /// Substring test on UTF-8 bytes; Foundation's `contains(_:)` goes through a slow bridged search.
    func containsBytes(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        var text = self
        return text.withUTF8 { bytes in
            guard bytes.count >= pattern.count else { return false }
            for index in 0...(bytes.count - pattern.count) where bytes[index] == first {
                if (1..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) { return true }
            }
            return false
        }
    }
}
