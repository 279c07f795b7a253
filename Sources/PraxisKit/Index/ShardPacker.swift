/// Splits sorted keys into shards of about a target size, and names each shard by the shortest
/// key prefix that tells it from the shard before, so the manifest's directory stays small.
enum ShardPacker {
    /// Consecutive ranges of `sizes` whose sums reach `target`; an entry larger than `target` gets
    /// a shard of its own rather than being split.
    static func pack(sizes: [Int], target: Int) -> [Range<Int>] {
        var shards: [Range<Int>] = []
        var start = 0, total = 0
        for (index, size) in sizes.enumerated() {
            if total > 0, total + size > target {
                shards.append(start..<index)
                start = index
                total = 0
            }
            total += size
        }
        if start < sizes.count { shards.append(start..<sizes.count) }
        return shards
    }

    /// The directory of shard boundaries: "" for the first shard, then for each later shard the
    /// shortest prefix of its first key that sorts after the previous shard's last key.
    static func boundaries(keys: [String], shards: [Range<Int>]) -> [String] {
        shards.enumerated().map { number, range in
            guard number > 0 else { return "" }
            let previous = keys[range.lowerBound - 1], first = keys[range.lowerBound]
            var prefix = String.UnicodeScalarView()
            for scalar in first.unicodeScalars {
                prefix.append(scalar)
                if precedes(previous, String(prefix)) { break }
            }
            return String(prefix)
        }
    }

    /// The order JavaScript's `<` gives strings: by UTF-16 code units. Swift's own `<` compares by
    /// Unicode canonical equivalence, which would let the two sides disagree on where a key lives.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// The shard that holds `key`: the last one whose boundary is not after it.
    static func shard(of key: String, in boundaries: [String]) -> Int {
        var low = 0, high = boundaries.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if precedes(key, boundaries[middle]) { high = middle - 1 } else { low = middle }
        }
        return low
    }
}
