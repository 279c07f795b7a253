/// The parts of a document the index searches, with their BM25 weights: a match in the title counts
/// most, then tags and the summary, then headings, then the body. Order here is the order of
/// `lengths` in the index (README "Search index format").
enum SearchField: String, CaseIterable, Sendable {
    case title, tags, summary, headings, body

    /// Multiplies the field's BM25 score; tuned with Tests/fixtures/search/*-queries.json.
    var weight: Double {
        switch self {
        case .title: 6
        case .tags: 3
        case .summary: 2.5
        case .headings: 2
        case .body: 1
        }
    }

    /// BM25 length normalisation. Titles and tags are short and of similar length, so a long
    /// title is not penalised much; bodies vary a lot and are normalised fully.
    var lengthNormalisation: Double {
        switch self {
        case .title, .tags: 0.3
        case .summary, .headings: 0.5
        case .body: 0.75
        }
    }
}
