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

    /// The files of the search index: shards of about `target` bytes whose ends depend on the
    /// items near them, not on every item before. Packed one after another (`pack`), one key
    /// added early on, or one list grown, would move every later boundary, and a rebuild would
    /// write most of the shards again (900 of 1,000 pair files for a sentence added to one page
    /// of 10,000). Instead a shard ends after an item once it holds half the target, with a
    /// chance of the item's size in half the target, drawn from the item's own `hash` (of its key:
    /// the same in every build): so about half the target later, on average. It ends before an
    /// item that would take it past one and a half times the target. After a change, the shards
    /// take up the same ends again at the first item that ends one by its hash. A site without
    /// documents still gets one empty shard, so every key has a file to look in.
    static func files(sizes: [Int], target: Int, hash: (Int) -> UInt64) -> [Range<Int>] {
        let (half, most) = (max(1, target / 2), target + target / 2)
        var shards: [Range<Int>] = []
        var start = 0, total = 0
        for (index, size) in sizes.enumerated() {
            if total > 0, total + size > most {
                shards.append(start..<index)
                (start, total) = (index, 0)
            }
            total += size
            // The top 53 bits of the hash as a fraction of 1, against size / half.
            if total >= half, Double(hash(index) >> 11) * Double(half) < Double(size) * 0x1p53 {
                shards.append(start..<index + 1)
                (start, total) = (index + 1, 0)
            }
        }
        if start < sizes.count { shards.append(start..<sizes.count) }
        return shards.isEmpty ? [0..<0] : shards
    }

    /// `files`, each item's hash that of its key.
    static func files(keys: [String], sizes: [Int], target: Int) -> [Range<Int>] {
        files(sizes: sizes, target: target) { ContentHash(keys[$0]).high }
    }

    /// The directory of shard boundaries: "" for the first shard, then for each later shard the
    /// shortest prefix of its first key that sorts after the previous shard's last key.
    static func boundaries(keys: [String], shards: [Range<Int>]) -> [String] {
        boundaries(shards: shards) { keys[$0] }
    }

    /// The same, for keys made only when asked for (`key(n)` is the n-th key): a directory needs
    /// the two keys on each side of a boundary, not all of them.
    static func boundaries(shards: [Range<Int>], key: (Int) -> String) -> [String] {
        shards.enumerated().map { number, range in
            guard number > 0 else { return "" }
            let previous = key(range.lowerBound - 1), first = key(range.lowerBound)
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
    ///
    /// Compared as UTF-8 bytes, which order like code points, and so like UTF-16 code units except
    /// where a character of U+E000–U+FFFF (lead byte EE or EF) meets one beyond U+FFFF (lead byte
    /// F0–F4), which UTF-16 writes as surrogates below U+E000. Sorting the index's keys runs this
    /// millions of times; bytes are many times faster than a UTF-16 view.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let shared = min(x.count, y.count)
                var index = 0
                while index < shared, x[index] == y[index] { index += 1 }
                guard index < shared else { return x.count < y.count }
                let (p, q) = (x[index], y[index])
                if p >= 0xF0, q == 0xEE || q == 0xEF { return true }
                if q >= 0xF0, p == 0xEE || p == 0xEF { return false }
                return p < q
            }
        }
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

/// What laying out and naming a shard needs of one of its entries (a pair's documents, a term's
/// impacts) besides the entry: the length of its encoding, which lays the shards out, and its
/// hash, which keys them.
struct ShardEntryFacts: Sendable, Equatable {
    var encodedLength: Int
    var hash: ContentHash
}
