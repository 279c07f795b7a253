/// The `search:` settings of `site.yml` (README "site.yml reference" and "Search index format").
///
///     search:
///       language: en          # default: the site's `language`
///       stem: true            # English (Snowball) stemming; default: true for English, false otherwise
///       stop_words: [a, the]  # default: a short English list for English, none otherwise
///       text_fields: [what]   # front matter fields also searched, as summary text
public struct SearchConfig: Sendable, Hashable {
    /// nil: follow the site's `language`.
    public var language: String?
    /// nil: stem when the language is English.
    public var stem: Bool?
    /// nil: the default list for the language.
    public var stopWords: [String]?
    /// Declared `string` or `list` fields whose values are searched like the summary.
    public var textFields: [String] = []

    public init() {}

    /// The settings with every default filled in for a site written in `siteLanguage`.
    public func resolved(siteLanguage: String) -> SearchSettings {
        let language = self.language ?? siteLanguage
        let english = SearchSettings.isEnglish(language)
        return SearchSettings(
            language: language,
            stem: (stem ?? english) && english,
            stopWords: stopWords ?? (english ? SearchSettings.englishStopWords : []),
            textFields: textFields
        )
    }
}

/// What the indexer and the browser both need to turn text into the same terms. The manifest
/// carries these values, so the client never keeps its own copy of the stop list.
public struct SearchSettings: Sendable, Hashable {
    public var language: String
    /// Snowball English stemming; only ever true for English.
    public var stem: Bool
    public var stopWords: [String]
    public var textFields: [String]

    static func isEnglish(_ language: String) -> Bool {
        let lower = language.lowercased()
        return lower == "en" || lower.hasPrefix("en-") || lower.hasPrefix("en_")
    }

    /// Short on purpose: only words that carry no meaning in a search of this kind of content.
    /// `not`, `no` and `how` stay searchable. Written folded (lowercase, no accents).
    static let englishStopWords = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "into", "is", "it",
        "its", "of", "on", "or", "that", "the", "their", "there", "these", "they", "this", "to", "was", "were", "which",
        "will", "with",
    ]
}
