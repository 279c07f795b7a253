import Foundation

/// What the index takes from each parsed page: the text of each field, and the record a result shows.
extension SearchIndexBuilder {
    /// Pages are tokenised on every core, a batch at a time, and merged in page order, so memory
    /// holds one batch of tokens, not the site's. Each worker keeps its own folding and stemming caches.
    /// A page whose source the last build tokenised is taken from `memo`; every page goes to `next`.
    func index(of site: LinkedSite, settings: SearchSettings, memo: MemoFile = MemoFile(), next: MemoWriter? = nil) -> InvertedIndex {
        let pages = site.pages
        var index = InvertedIndex()
        let batchSize = 1024, chunkSize = 64
        for start in stride(from: 0, to: pages.count, by: batchSize) {
            let end = min(pages.count, start + batchSize)
            let chunks = (end - start + chunkSize - 1) / chunkSize
            let results = ConcurrentResults<(documents: [DocumentTerms], words: [String: String])>(count: chunks)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var tokenizer = SearchTokenizer(settings: settings)
                var words: [String: String] = [:]
                let range = (start + chunk * chunkSize)..<min(end, start + (chunk + 1) * chunkSize)
                let documents = range.map { number in
                    let terms: DocumentTerms = memo.value(for: pages[number].page.sourceHash, next: next) {
                        var terms = self.terms(of: pages[number].page, sections: site.sections(of: number), settings: settings, tokenizer: &tokenizer)
                        terms.finish()
                        return terms
                    }
                    terms.collectWords(into: &words)
                    return terms
                }
                results[chunk] = (documents, words)
            }
            let chunked = results.values
            index.add(chunked.flatMap(\.documents))
            for (_, words) in chunked { index.add(words: words) }
        }
        return index
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
