/// "Did you mean …?" for values outside a vocabulary.
enum Suggestion {
    /// The allowed value nearest to `value`, if it is close enough to be a likely typo.
    static func nearest(to value: String, in candidates: [String]) -> String? {
        let needle = value.lowercased()
        guard !needle.isEmpty else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(needle, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        // A suggestion must keep some of what was typed: `x` → `e5` is no help.
        let tolerance = min(max(2, min(needle.count, best.candidate.count) / 3), needle.count - 1)
        return best.distance <= tolerance ? best.candidate : nil
    }

    /// Levenshtein distance over Unicode scalars, two rows of memory.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// "`a`, `b` or `c`", for messages.
    static func list(_ values: [String]) -> String {
        let quoted = values.map { "`\($0)`" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}
