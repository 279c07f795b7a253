import Foundation

/// What the index takes from each parsed page: the text of each field, and the record a result shows.
extension SearchIndexBuilder {
    /// Pages are tokenised on every core, in chunks so that each worker keeps its own folding and
    /// stemming caches.
    func terms(of pages: [LinkedPage], settings: SearchSettings) -> [DocumentTerms] {
        let chunkSize = 64
        let chunks = (pages.count + chunkSize - 1) / chunkSize
        let results = ConcurrentResults<[DocumentTerms]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var tokenizer = SearchTokenizer(settings: settings)
            let range = chunk * chunkSize..<min(pages.count, (chunk + 1) * chunkSize)
            results[chunk] = range.map { terms(of: pages[$0].page, settings: settings, tokenizer: &tokenizer) }
        }
        return results.values.flatMap { $0 }
    }

    func record(_ linked: LinkedPage, id: Int, settings: SearchSettings) -> SearchDocumentRecord {
        let page = linked.page
        return SearchDocumentRecord(
            id: id, title: page.title, url: URLStyle(cleanURLs: config.cleanURLs).href(from: "index.html", to: linked.outputPath),
            kind: page.kind.name, date: page.date.description,
            summary: page.summary.isEmpty ? textFieldValues(of: page, settings).first ?? "" : page.summary,
            lengths: [], sections: Excerpt.sections(of: page.body)
        )
    }
}

private extension SearchIndexBuilder {
    func terms(of page: ParsedPage, settings: SearchSettings, tokenizer: inout SearchTokenizer) -> DocumentTerms {
        var terms = DocumentTerms()
        terms.add(page.title, to: .title, with: &tokenizer)
        terms.add(page.kind.label, to: .tags, with: &tokenizer)
        for field in config.schema.taxonomies {
            for value in page.frontMatter.fields[field.name]?.terms ?? [] { terms.add(value, to: .tags, with: &tokenizer) }
        }
        terms.add(page.summary, to: .summary, with: &tokenizer)
        for value in textFieldValues(of: page, settings) { terms.add(value, to: .summary, with: &tokenizer) }
        for heading in page.body.headings { terms.add(heading.text, to: .headings, with: &tokenizer) }
        for section in page.body.sections { terms.add(section.text, to: .body, with: &tokenizer) }
        return terms
    }

    /// Values of the fields `search.text_fields` names, searched as summary text.
    func textFieldValues(of page: ParsedPage, _ settings: SearchSettings) -> [String] {
        settings.textFields.flatMap { page.frontMatter.fields[$0]?.terms ?? [] }
    }
}
