import Foundation

/// The typo index (`typos-N`, README "Search index format", Queries): a symmetric-deletion index
/// over the word list. A word one edit away from a misspelt word shares a key with it, whatever
/// the position of the edit, so a client finds every candidate with one look-up per key instead
/// of reading the word list from the first letter on (which misses `xloud` → `cloud`).
extension SearchIndexBuilder {
    static let typoShardBytes = 4_000
    /// Words shorter than this are not corrected, nor filed as deletions (README: 5+ letters).
    static let typoMinimum = 5

    func typoShards(_ index: InvertedIndex) -> (files: [IndexOutput.File], boundaries: [String]) {
        var keys: [String: [TypoCandidate]] = [:]
        for (word, term) in index.words {
            let letters = Array(word.unicodeScalars)
            // Numbers are not misspelt words: 2015 is not a typo of 2016.
            guard letters.count >= Self.typoMinimum - 1, !letters.contains(where: { $0.properties.numericType != nil }) else { continue }
            let candidate = TypoCandidate(word: word, documents: index.postings[index.id(ofTerm: term)!].documents.count)
            var filed: Set<String> = [word]
            if letters.count >= Self.typoMinimum {
                for position in letters.indices {
                    var deleted = String.UnicodeScalarView(letters[..<position])
                    deleted.append(contentsOf: letters[(position + 1)...])
                    filed.insert(String(deleted))
                }
            }
            for key in filed { keys[key, default: []].append(candidate) }
        }
        let sorted = keys.keys.sorted(by: ShardPacker.precedes)
        // Most documents first, then by word, so the files do not depend on hashing order.
        let lists = sorted.map { key in
            keys[key]!.sorted { $0.documents != $1.documents ? $0.documents > $1.documents : ShardPacker.precedes($0.word, $1.word) }
        }
        let sizes = zip(sorted, lists).map { key, list in key.utf8.count + 6 + list.reduce(0) { $0 + $1.word.utf8.count + 10 } }
        let ranges = ShardPacker.files(keys: sorted, sizes: sizes, target: Self.typoShardBytes)
        let files = ranges.enumerated().map { number, range -> IndexOutput.File in
            IndexOutput.File("typos-\(number)") { TypoShard.json(typos: Array(sorted[range])) { lists[range.lowerBound + $0] } }
        }
        return (files, ShardPacker.boundaries(keys: sorted, shards: ranges))
    }
}
