import Foundation

/// What the index takes from each parsed page: the text of each field, and the record a result shows.
extension SearchIndexBuilder {
    /// Every page's terms merged, or, given the last build's index (`snapshot`) and a rebuild
    /// where few pages changed, that index with just those pages' terms replaced: the same
    /// index either way, but for the numbering of terms, which nothing made from it depends on.
    /// `patched` tells how many pages were replaced (nil: all were merged); `before`, what the
    /// snapshot knew of its terms' entries and which terms the patch touched (`ScoredTerms`).
    ///
    /// A page's terms come from `memo` when the last build tokenised its source; every page's
    /// terms go to `next`.
    func index(of site: LinkedSite, settings: SearchSettings, memo: MemoFile = MemoFile(), next: MemoWriter? = nil,
               snapshot: IndexSnapshot? = nil) -> (index: InvertedIndex, patched: Int?, before: ScoredTermsBefore?) {
        if let snapshot, let patched = patch(snapshot, for: site, settings: settings, memo: memo, next: next) {
            return (patched.index, patched.pages, snapshot.scoredTerms().map { ScoredTermsBefore(terms: $0, touched: patched.touched, changes: patched.changes) })
        }
        return (merge(site, settings: settings, memo: memo, next: next), nil, nil)
    }

    /// Patching costs a few milliseconds a page; merging the site, about the time of patching a site's sixty-fourth part.
    static func patchesAtMost(_ pages: Int) -> Int { 8 + pages / 64 }

    /// Whether a build's index is worth keeping as the next build's starting point (`IndexSnapshot`):
    /// one merged afresh always is; one patched only once the pages patched reach a quarter of what
    /// may be. Until then the next build patches the same snapshot again, with the pages changed
    /// since it was written (whose old terms `patch` keeps in the memo), instead of every preview
    /// of one edited page writing the whole index (31 MB at 10,000 documents).
    static func keepsIndex(patched: Int?, pages: Int) -> Bool {
        guard let patched else { return true }
        return patched > 0 && patched >= patchesAtMost(pages) / 4
    }

    /// What a result shows of a page, and its facet values (README "Search index format", `docs-N`).
    /// `sections` and `lengths` are filled in by the caller (`Excerpt`, the index).
    func record(_ linked: LinkedPage, id: Int, settings: SearchSettings) -> SearchDocumentRecord {
        let page = linked.page
        let summary = page.summary.isEmpty ? textFieldValues(of: page, settings).first ?? "" : page.summary
        var facets: [String: [String]] = [:]
        for field in config.schema.taxonomies {
            var slugs: [String] = []
            for value in page.frontMatter.fields[field.name]?.terms ?? [] {
                let slug = Taxonomy.termSlug(value)
                if !slugs.contains(slug) { slugs.append(slug) }
            }
            if !slugs.isEmpty { facets[field.name] = slugs }
        }
        return SearchDocumentRecord(
            id: id, title: page.title, url: URLStyle(cleanURLs: config.cleanURLs).href(from: "index.html", to: linked.outputPath),
            kind: page.kind.name, date: page.date.description, summary: summary, facets: facets,
            lengths: [], sections: []
        )
    }
}

private extension SearchIndexBuilder {
    /// Pages are tokenised on every core, a batch at a time, and merged in page order, so memory
    /// holds one batch of tokens, not the site's. Each chunk of pages takes a tokenizer that no
    /// other runs, with the words it remembers from the chunks it read before.
    func merge(_ site: LinkedSite, settings: SearchSettings, memo: MemoFile, next: MemoWriter?) -> InvertedIndex {
        let pages = site.pages
        let tokenizers = Pool { SearchTokenizer(settings: settings) }
        var index = InvertedIndex()
        let batchSize = 1024, chunkSize = 64
        for start in stride(from: 0, to: pages.count, by: batchSize) {
            let end = min(pages.count, start + batchSize)
            let chunks = (end - start + chunkSize - 1) / chunkSize
            let results = ConcurrentResults<(documents: [DocumentTerms], words: [String: InvertedIndex.WordUse])>(count: chunks)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var tokenizer = tokenizers.take()
                var words = WordCounts()
                let range = (start + chunk * chunkSize)..<min(end, start + (chunk + 1) * chunkSize)
                let documents = range.map { number in
                    let terms = documentTerms(site, number, settings: settings, memo: memo, next: next, tokenizer: &tokenizer)
                    words.add(terms)
                    return terms
                }
                tokenizers.give(back: tokenizer)
                results[chunk] = (documents, words.words)
            }
            let chunked = results.takeAll()
            index.add(chunked.flatMap(\.documents))
            for (_, words) in chunked { index.add(words: words) }
        }
        index.finish()
        return index
    }

    /// The last build's index with the terms of each page whose source changed replaced, when
    /// there are as many pages as then, few changed, and the cache has each one's old terms; with
    /// the number of pages patched.
    /// `touched`, by term id: the terms the changed pages had or have; `changes`, each changed
    /// page's terms in the snapshot and now.
    func patch(_ snapshot: IndexSnapshot, for site: LinkedSite, settings: SearchSettings, memo: MemoFile,
               next: MemoWriter?) -> (index: InvertedIndex, pages: Int, touched: [Bool], changes: [ScoredTermsBefore.Change])? {
        let pages = site.pages
        guard snapshot.keys.count == pages.count else { return nil }
        let changed = pages.indices.filter { pages[$0].page.sourceHash != snapshot.keys[$0] }
        guard changed.count <= Self.patchesAtMost(pages.count), var index = snapshot.index() else { return nil }
        var tokenizer = SearchTokenizer(settings: settings)
        var touchedTerms: [String] = []
        var changes: [ScoredTermsBefore.Change] = []
        for number in changed {
            guard let old: DocumentTerms = memo.stored(for: snapshot.keys[number]) else { return nil }
            let new = documentTerms(site, number, settings: settings, memo: memo, next: next, tokenizer: &tokenizer)
            guard index.replace(number, old: old, new: new) else { return nil }
            touchedTerms += old.terms + new.terms
            changes.append(.init(old: old, new: new))
        }
        // Every page's terms as the snapshot has them, for a next build that patches it again.
        for key in snapshot.keys { next?.keep(key) }
        index.finish()
        var touched = [Bool](repeating: false, count: index.terms.count)
        for term in touchedTerms {
            guard let id = index.id(ofTerm: term) else { return nil }
            touched[id] = true
        }
        return (index, changed.count, touched, changes)
    }

    /// Page `number`'s terms: the last build's, or tokenised now.
    func documentTerms(_ site: LinkedSite, _ number: Int, settings: SearchSettings, memo: MemoFile, next: MemoWriter?, tokenizer: inout SearchTokenizer) -> DocumentTerms {
        let page = site.pages[number].page
        return memo.value(for: page.sourceHash, next: next) {
            var terms = self.terms(of: page, sections: site.sections(of: number), settings: settings, tokenizer: &tokenizer)
            terms.finish()
            return terms
        }
    }

    func terms(of page: ParsedPage, sections: [MarkdownDocument.Section], settings: SearchSettings, tokenizer: inout SearchTokenizer) -> DocumentTerms {
        var terms = DocumentTerms()
        terms.add(page.title, to: .title, with: &tokenizer)
        terms.add(page.kind.label, to: .tags, with: &tokenizer)
        for field in config.schema.taxonomies {
            for value in page.frontMatter.fields[field.name]?.terms ?? [] { terms.add(value, to: .tags, with: &tokenizer) }
        }
        terms.add(page.summary, to: .summary, with: &tokenizer)
        for value in textFieldValues(of: page, settings) { terms.add(value, to: .summary, with: &tokenizer) }
        for heading in page.body.headings { terms.add(heading.text, to: .headings, with: &tokenizer) }
        for section in sections { terms.add(section.text, to: .body, with: &tokenizer) }
        return terms
    }

    /// Values of the fields `search.text_fields` names, searched as summary text.
    func textFieldValues(of page: ParsedPage, _ settings: SearchSettings) -> [String] {
        settings.textFields.flatMap { page.frontMatter.fields[$0]?.terms ?? [] }
    }
}
