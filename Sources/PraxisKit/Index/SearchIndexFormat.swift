/// The files under `_site/search/`, as Codable values; README "Search index format" describes
/// every field. Each file is written by `IndexFileEncoder` as `NAME.json` and as `NAME.js`.
enum SearchIndexFormat {
    /// Raised whenever a reader of the old format would misread the new one. 2: facet values in
    /// document records, facets split into value shards, the `typos` word index.
    static let version = 2
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
        /// The typo index: a word and each of its one-letter deletions → the words they come from.
        var typos: [String]
        /// Number of `pairs-N` and `docs-N` files.
        var pairs: Int
        var docs: Int
    }

    /// A facet's values are split by slug into shards `FILE-0`, `FILE-1` … (`facet-2-0`), so a
    /// filter on one value loads only the shard that holds it.
    struct Facet: Codable, Equatable {
        var field: String
        var label: String
        /// The shards' common name: `facet-2` (files `facet-2-0.json` …).
        var file: String
        /// How many values the facet has, over all its shards.
        var values: Int
        /// The shard directory, as for terms: the first value slug of each shard, shortened.
        var shards: [String]
        /// Size of all the shards' `.js` files, so a client can decide to load small facets at once.
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

/// Written as `["manag", 812]`: a string (a word's term, or a typo's candidate word) and a number
/// of documents.
struct WordEntry: Codable, Equatable, Sendable {
    var term: String
    var documents: Int

    init(term: String, documents: Int) {
        self.term = term
        self.documents = documents
    }

    init(word: String, documents: Int) { self.init(term: word, documents: documents) }

    /// A typo candidate's word.
    var word: String { term }

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

/// `docs-N.json`: documents `first ..< first + docsPerShard`, what a result shows, with each
/// document's facet values (the facet files hold the other direction, value → documents).
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
    /// Taxonomy field → the slugs of the document's values, in front matter order; fields without
    /// values are left out. The kind is `kind`.
    var facets: [String: [String]]
    /// Terms per field, in manifest `fields` order: what BM25 normalised by.
    var lengths: [Int]
    /// `[heading, excerpt]` per heading section, with the heading's id third unless it is the
    /// GitHub slug of an ASCII heading; the text before the first heading has heading "". Each
    /// excerpt is the passage of its section with the document's most distinctive words. See `Excerpt`.
    var sections: [[String]]
}

/// One taxonomy (or the kind) with each value's documents, as `FacetBuilder` makes it; written
/// as `FacetShard`s.
struct FacetFile: Equatable, Sendable {
    var field: String
    var label: String
    var values: [FacetValue]
}

/// `facet-N-M.json`: values of one facet in a key range of their slugs (sorted by UTF-16 code
/// units), each with its documents.
struct FacetShard: Codable, Equatable, Sendable {
    var version = SearchIndexFormat.version
    var field: String
    var values: [FacetValue]
}

struct FacetValue: Codable, Equatable, Sendable {
    /// The value's slug, as in the search page's URL: `sectors=public-administration`.
    var value: String
    var label: String
    var count: Int
    var docs: String
}

/// `typos-N.json`: for the typo fallback. Every indexed word of 4+ characters is filed under itself
/// and, when it has 5+, under each string made by deleting one of its characters; a client looks
/// up a misspelt word and its own deletions, and the words found there are the candidates one
/// edit away (plus a few two edits away, which it checks).
struct TypoShard: Codable, Equatable, Sendable {
    var version = SearchIndexFormat.version
    var typos: [String: [TypoCandidate]]
}

/// A typo key's candidate: written as `["cloud", 812]`, a word and the number of documents that
/// have its term (the same two-element form as a word list entry).
typealias TypoCandidate = WordEntry
