import Foundation

/// The terms of one taxonomy field and the pages that carry each, built from the linked pages.
struct Taxonomy: Sendable {
    struct Term: Sendable {
        /// The spelling shown: the most common one among pages that share the slug.
        var text: String
        var slug: String
        /// Indexes into `LinkedSite.pages`, newest first.
        var pages: [Int]
    }

    let field: FieldSpec
    /// Terms by name for listing; `byCount` for "main sectors and tags".
    let terms: [Term]
    let slugs: [String: String]
    /// `field.taxonomyFolder`, made once: every taxonomy link of every page starts with it.
    let folder: String

    init(field: FieldSpec, terms: [Term], slugs: [String: String]) {
        self.field = field
        self.terms = terms
        self.slugs = slugs
        folder = field.taxonomyFolder
    }

    func outputPath(of term: Term) -> String { "\(folder)/\(term.slug)/index.html" }
    var indexPath: String { "\(folder)/index.html" }

    var byCount: [Term] { terms.sorted { ($0.pages.count, $1.text) > ($1.pages.count, $0.text) } }

    /// The term page a value links to.
    func outputPath(forValue value: String) -> String? {
        slugs[value].map { "\(folder)/\($0)/index.html" }
    }

    /// Different terms whose slugs coincide (`C++` and `C#`) would silently share one page: warn,
    /// at the value, whether the two are in one document or in two.
    static func conflicts(_ field: FieldSpec, pages: [ParsedPage]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Each value folded once: its slug and the spelling it is compared by.
        var folded: [String: (slug: String, comparable: String)] = [:]
        func fold(_ value: String) -> (slug: String, comparable: String) {
            if let known = folded[value] { return known }
            let result = (termSlug(value), comparable(value))
            folded[value] = result
            return result
        }
        // The first value met with each slug, and its comparable spelling.
        var firstSpelling: [String: (value: String, comparable: String)] = [:]
        for number in pages.indices {
            guard let values = pages[number].frontMatter.fields[field.name]?.terms else { continue }
            // A page lists a few values: looking back over them is cheaper than hashing them into a set.
            for (position, value) in values.enumerated() where !values[..<position].contains(value) {
                let (slug, spelling) = fold(value)
                guard let first = firstSpelling[slug] else { firstSpelling[slug] = (value, spelling); continue }
                guard first.comparable != spelling else { continue }
                let page = pages[number]
                let locations = page.frontMatter.valueLocations[field.name] ?? []
                let at = locations.indices.contains(position) ? locations[position] : page.frontMatter.keyLocations[field.name] ?? SourceLocation(path: page.path)
                diagnostics.append(.warning("praxis.taxonomy.shared-page", at: at, "`\(value)` and `\(first.value)` in `\(field.name)` would share the page \(field.taxonomyFolder)/\(slug)/; spell them alike if they mean the same, or rename one"))
            }
        }
        return diagnostics
    }

    static func build(_ field: FieldSpec, pages: [LinkedPage], order: [Int]) -> Taxonomy {
        var slugs = TermSlugs()
        // Each value met, numbered in the order met: the term it belongs to, and how many pages spell it so.
        var valueNumbers: [String: Int] = [:]
        var values: [(text: String, term: Int, pages: Int)] = []
        // Each term, numbered in the order met: its slug and its pages.
        var termNumbers: [String: Int] = [:]
        var terms: [(slug: String, pages: [Int])] = []
        for number in order {
            guard let pageValues = pages[number].page.frontMatter.fields[field.name]?.terms else { continue }
            // Two values of one page can share a slug (`Open Data`, `open-data`): the page is on
            // the term's page once. (A page lists a few values: looking back is cheaper than a set.)
            var pageTerms: [Int] = []
            for (position, value) in pageValues.enumerated() where !pageValues[..<position].contains(value) {
                let valueNumber: Int
                if let known = valueNumbers[value] {
                    valueNumber = known
                } else {
                    let slug = slugs.slug(value)
                    let term = termNumbers[slug] ?? terms.count
                    if term == terms.count {
                        termNumbers[slug] = term
                        terms.append((slug, []))
                    }
                    valueNumber = values.count
                    valueNumbers[value] = valueNumber
                    values.append((value, term, 0))
                }
                values[valueNumber].pages += 1
                let term = values[valueNumber].term
                if !pageTerms.contains(term) {
                    pageTerms.append(term)
                    terms[term].pages.append(number)
                }
            }
        }
        // The spelling shown: the one most pages use, then the one that sorts first.
        var shown = [Int?](repeating: nil, count: terms.count)
        for (number, value) in values.enumerated() {
            if let best = shown[value.term], (values[best].pages, value.text) >= (value.pages, values[best].text) { continue }
            shown[value.term] = number
        }
        let built = terms.indices.map { Term(text: values[shown[$0]!].text, slug: terms[$0].slug, pages: terms[$0].pages) }
        // Sorted by name, each name lowercased once.
        let names = built.map { $0.text.lowercased() }
        let sorted = built.indices.sorted { (names[$0], built[$0].slug) < (names[$1], built[$1].slug) }.map { built[$0] }
        return Taxonomy(field: field, terms: sorted, slugs: slugs.known)
    }

    /// Spellings that differ only in case, accents, spaces or hyphens mean the same term.
    static func comparable(_ value: String) -> String {
        Slug.fold(value).filter { !$0.isWhitespace && $0 != "-" && $0 != "_" }
    }

    /// Terms without a letter or digit (`+++`, `🚀`) still need a stable, distinct folder name.
    static func termSlug(_ value: String) -> String {
        let slug = Slug.normalize(value)
        if !slug.isEmpty { return slug }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in value.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "term-" + String(hash, radix: 16)
    }
}

/// Taxonomy values' slugs, each value folded once: a site has few distinct values and many pages.
struct TermSlugs {
    private(set) var known: [String: String] = [:]

    mutating func slug(_ value: String) -> String {
        if let slug = known[value] { return slug }
        let slug = Taxonomy.termSlug(value)
        known[value] = slug
        return slug
    }
}
