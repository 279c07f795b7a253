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

    var folder: String { field.taxonomyFolder }

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
        var firstSpelling: [String: String] = [:]
        var slugs = TermSlugs()
        var comparables: [String: String] = [:]
        func fold(_ value: String) -> (slug: String, comparable: String) {
            let spelling = comparables[value] ?? comparable(value)
            comparables[value] = spelling
            return (slugs.slug(value), spelling)
        }
        for page in pages {
            guard let values = page.frontMatter.fields[field.name]?.terms else { continue }
            let locations = page.frontMatter.valueLocations[field.name] ?? []
            var seen = Set<String>()
            for (position, value) in values.enumerated() where seen.insert(value).inserted {
                let (slug, spelling) = fold(value)
                guard let first = firstSpelling[slug] else { firstSpelling[slug] = value; continue }
                guard fold(first).comparable != spelling else { continue }
                let at = locations.indices.contains(position) ? locations[position] : page.frontMatter.keyLocations[field.name] ?? SourceLocation(path: page.path)
                diagnostics.append(.warning("praxis.taxonomy.shared-page", at: at, "`\(value)` and `\(first)` in `\(field.name)` would share the page \(field.taxonomyFolder)/\(slug)/; spell them alike if they mean the same, or rename one"))
            }
        }
        return diagnostics
    }

    static func build(_ field: FieldSpec, pages: [LinkedPage], order: [Int]) -> Taxonomy {
        var bySlug: [String: (spellings: [String: Int], pages: [Int])] = [:]
        var slugs = TermSlugs()
        for number in order {
            guard let values = pages[number].page.frontMatter.fields[field.name]?.terms else { continue }
            // Two values of one page can share a slug (`Open Data`, `open-data`): the page is on
            // the term's page once.
            var pageSlugs = Set<String>()
            for value in Set(values) {
                let slug = slugs.slug(value)
                bySlug[slug, default: ([:], [])].spellings[value, default: 0] += 1
                if pageSlugs.insert(slug).inserted { bySlug[slug]!.pages.append(number) }
            }
        }
        let terms = bySlug.map { slug, entry in
            let text = entry.spellings.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            return Term(text: text, slug: slug, pages: entry.pages)
        }.sorted { ($0.text.lowercased(), $0.slug) < ($1.text.lowercased(), $1.slug) }
        return Taxonomy(field: field, terms: terms, slugs: slugs.known)
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
