/// The files under `_site/search/`, as Codable values; README "Search index format" describes
/// every field. Each file is written by `IndexFileEncoder` as `NAME.json` and as `NAME.js`.
enum SearchIndexFormat {
    /// Raised whenever a reader of the old format would misread the new one.
    static let version = 1
}

/// `manifest.json`: what a client reads first. Small on purpose: it is loaded by every search.
struct SearchManifest: Codable, Equatable {
    var version = SearchIndexFormat.version
    var generator = "praxis"
    var documents: Int
    var language: String
    /// `english` (Snowball English) or `none`.
    var stemmer: String
    var stopWords: [String]
    var maximumWordLength: Int
    var fields: [Field]
    var k1: Double
    var impact: Impact
    /// Per term, the documents with the highest impact that carry their own impact; the rest share one.
    var exactPostings: Int
    var docsPerShard: Int
    var excerptLength: Int
    var shards: Shards
    var facets: [Facet]

    struct Field: Codable, Equatable {
        var name: String
        var weight: Double
        var b: Double
        var averageLength: Double
    }

    struct Impact: Codable, Equatable {
        var base: Double
        var step: Double
    }

    /// Shard directories: the first key of every shard (the first shard's is ""), shortened to the
    /// shortest prefix that still sorts after the previous shard's last key; keys compare by
    /// UTF-16 code units. Word pairs, only needed for phrases, have their directory in `pairs.json`.
    struct Shards: Codable, Equatable {
        var terms: [String]
        var words: [String]
        /// Number of `pairs-N` and `docs-N` files.
        var pairs: Int
        var docs: Int
    }

    struct Facet: Codable, Equatable {
        var field: String
        var label: String
        /// File name without extension: `facet-2`.
        var file: String
        /// Size of the `.js` file, so a client can decide to load small facets at once.
        var bytes: Int
    }
}

/// `terms-N.json`: postings of the terms in one key range.
struct TermShard: Codable, Equatable, Sendable {
    var version = SearchIndexFormat.version
    var terms: [String: TermEntry]
}

struct TermEntry: Codable, Equatable, Sendable {
    /// The documents with the highest impacts (at most `exactPostings`), as a document set.
    var docs: String
    /// One impact character per document of `docs`, in the same order.
    var impacts: String
    /// The other documents that contain the term, all scored `moreImpact`.
    var more: String?
    var moreImpact: Int?
}

/// `pairs.json`: the directory of the word-pair shards, loaded by phrase queries only (it is the
/// largest directory, and most queries have no phrase).
struct PairDirectory: Codable, Equatable, Sendable {
    var version = SearchIndexFormat.version
    var shards: [String]
}

/// `pairs-N.json`: for two adjacent terms `"first second"`, the documents where they are adjacent.
struct PairShard: Codable, Equatable, Sendable {
    var version = SearchIndexFormat.version
    var pairs: [String: String]
}

/// `words-N.json`: every folded word seen, with its term and the number of documents that have the term.
struct WordShard: Codable, Equatable, Sendable {
    var version = SearchIndexFormat.version
    var words: [String: WordEntry]
}

/// Written as `["manag", 812]`.
struct WordEntry: Codable, Equatable, Sendable {
    var term: String
    var documents: Int

    init(term: String, documents: Int) {
        self.term = term
        self.documents = documents
    }

    init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        term = try container.decode(String.self)
        documents = try container.decode(Int.self)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(term)
        try container.encode(documents)
    }
}

/// `docs-N.json`: documents `first ..< first + docsPerShard`, what a result shows. A document's
/// facet values are in the facet files (value → documents), which filters and counts need anyway.
struct DocShard: Codable, Equatable {
    var version = SearchIndexFormat.version
    var first: Int
    var docs: [SearchDocumentRecord]
}

struct SearchDocumentRecord: Codable, Equatable {
    var id: Int
    var title: String
    /// Relative to the site root: `practices/foo/index.html`.
    var url: String
    var kind: String
    var date: String
    var summary: String
    /// Terms per field, in manifest `fields` order: what BM25 normalised by.
    var lengths: [Int]
    /// `[heading, excerpt]` per heading section, with the heading's id third unless it is the
    /// GitHub slug of an ASCII heading; the text before the first heading has heading "". See `Excerpt`.
    var sections: [[String]]
}

/// `facet-N.json`: for one taxonomy (or the kind), each value's documents.
struct FacetFile: Codable, Equatable, Sendable {
    var version = SearchIndexFormat.version
    var field: String
    var label: String
    var values: [FacetValue]
}

struct FacetValue: Codable, Equatable, Sendable {
    /// The value's slug, as in the search page's URL: `sectors=public-administration`.
    var value: String
    var label: String
    var count: Int
    var docs: String
}
