import Foundation

/// `similar.memo`: what "See also" (`SimilarityRanker`) ranked from in the last build, and what it
/// chose, so that a rebuild ranks again only the pages whose suggestions an edit can change.
///
/// A page's suggestions are a function of every page's features (its kept TF-IDF weights, from
/// which the feature lists are made), of its own connections, and of which pages are drafts. The
/// memo holds each page's features, by the features' names (hashed: a feature's number depends on
/// every term of the site), a digest of each page's connections, and each page's suggestions with
/// their scores. It is stored under a key naming the pages in order and which are drafts, so page
/// numbers mean the same pages in both builds; for another set of pages it is not found.
struct SimilarityMemo: Sendable, Equatable {
    /// Page `p`'s features are at `featureStarts[p]..<featureStarts[p + 1]` of `featureNames` and `featureWeights`.
    var featureStarts: [Int32] = [0]
    var featureNames: [UInt64] = []
    var featureWeights: [Float] = []
    /// Per page, a digest of the pages it is connected to.
    var connections: [UInt64] = []
    /// Page `p`'s suggestions, best first, are at `suggestionStarts[p]..<suggestionStarts[p + 1]`.
    var suggestionStarts: [Int32] = [0]
    var suggestionPages: [Int32] = []
    var suggestionScores: [Float] = []

    var pageCount: Int { connections.count }

    /// The memo's key: the pages, in order, which of them are drafts, and the ranker's settings.
    static func key(_ pages: [LinkedPage], settings: [Int]) -> ContentHash {
        var hasher = ContentHasher()
        hasher.add("similar 1")
        for setting in settings { hasher.add(setting) }
        hasher.add(pages.count)
        for number in pages.indices {
            hasher.add(pages[number].page.path)
            hasher.add(pages[number].page.isDraft ? 1 : 0)
        }
        return hasher.finish()
    }

    /// A feature's name as the memo keeps it.
    static func name(_ text: String, taxonomy: Bool) -> UInt64 {
        var hasher = ContentHasher()
        hasher.add(taxonomy ? 1 : 0)
        hasher.add(text)
        return hasher.finish().high
    }

    /// A digest of a page's connections, given sorted.
    static func digest(_ connected: UnsafeBufferPointer<Int32>) -> UInt64 {
        var hasher = ContentHasher()
        hasher.add(UnsafeRawBufferPointer(connected))
        return hasher.finish().high
    }

    func features(of page: Int) -> Range<Int> { Int(featureStarts[page])..<Int(featureStarts[page + 1]) }
    func suggestions(of page: Int) -> Range<Int> { Int(suggestionStarts[page])..<Int(suggestionStarts[page + 1]) }
}

extension SimilarityMemo: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        Self.write(featureStarts, to: &writer)
        Self.write(suggestionStarts, to: &writer)
        Self.write(suggestionPages, to: &writer)
        Self.write(featureNames, to: &writer)
        Self.write(connections, to: &writer)
        Self.write(featureWeights, to: &writer)
        Self.write(suggestionScores, to: &writer)
    }

    /// Checked whole: every range inside its array, every suggested page another page, none twice.
    /// (The memo is stored sealed, `MemoWriter.addSealed`: a damaged byte elsewhere is caught there.)
    init(from reader: inout BinaryReader) throws {
        featureStarts = try Self.read(&reader)
        suggestionStarts = try Self.read(&reader)
        suggestionPages = try Self.read(&reader)
        featureNames = try Self.read(&reader)
        connections = try Self.read(&reader)
        featureWeights = try Self.read(&reader)
        suggestionScores = try Self.read(&reader)
        func ascending(_ starts: [Int32], to end: Int) -> Bool {
            starts.count == connections.count + 1 && starts.first == 0 && Int(starts.last!) == end && zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 }
        }
        guard featureNames.count == featureWeights.count, suggestionPages.count == suggestionScores.count,
              ascending(featureStarts, to: featureNames.count), ascending(suggestionStarts, to: suggestionPages.count),
              suggestionPages.allSatisfy({ $0 >= 0 && Int($0) < connections.count }),
              connections.indices.allSatisfy({ page in
                  let suggested = suggestionPages[suggestions(of: page)]
                  return !suggested.contains(Int32(page)) && Set(suggested).count == suggested.count
              }) else { throw BinaryReader.Damaged() }
    }

    /// An array of plain numbers as its count and its bytes (this machine's order: the cache is this binary's).
    private static func write<T: BitwiseCopyable>(_ array: [T], to writer: inout BinaryWriter) {
        writer.write(array.count)
        array.withUnsafeBytes { writer.write(raw: $0) }
    }

    private static func read<T: BitwiseCopyable>(_ reader: inout BinaryReader) throws -> [T] {
        try reader.readValues(reader.readCount())
    }
}
