import Foundation

/// "See also": for each page, up to five pages it does not already link to, ranked by shared
/// taxonomy terms and by TF-IDF similarity of their text. Each page keeps only its most
/// distinctive features, and each feature's list of pages is read only up to a fixed depth, so the
/// work grows linearly with the number of pages instead of with every pair of them.
struct SimilarityRanker {
    let schema: Schema
    /// The search index's text rules, so "See also" and search agree on what a word is.
    let settings: SearchSettings
    /// Features kept per page; postings read per feature.
    var featuresPerPage = 16
    var postingsDepth = 200
    var results = 5

    /// Page numbers to suggest, per page, best first.
    func rank(_ pages: [LinkedPage], edges: Set<GraphEdge>) -> [[Int]] {
        let vectors = features(pages)
        var postings: [String: [(page: Int, weight: Double)]] = [:]
        for (page, vector) in vectors.enumerated() {
            for (feature, weight) in vector { postings[feature, default: []].append((page, weight)) }
        }
        for key in postings.keys {
            postings[key]!.sort { ($0.weight, $1.page) > ($1.weight, $0.page) }
            if postings[key]!.count > postingsDepth { postings[key]!.removeLast(postings[key]!.count - postingsDepth) }
        }
        var linked = [Set<Int>](repeating: [], count: pages.count)
        for edge in edges {
            linked[edge.from].insert(edge.to)
            linked[edge.to].insert(edge.from)
        }
        let (postingLists, linkedPages) = (postings, linked)
        let ranked = ConcurrentResults<[Int]>(count: pages.count)
        // Chunks, so each worker reuses one score array instead of hashing every candidate.
        let chunks = max(1, min(pages.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var scores = [Double](repeating: 0, count: pages.count)
            var touched: [Int] = []
            for page in stride(from: chunk, to: pages.count, by: chunks) {
                for (feature, weight) in vectors[page] {
                    for posting in postingLists[feature] ?? [] where posting.page != page {
                        if scores[posting.page] == 0 { touched.append(posting.page) }
                        scores[posting.page] += weight * posting.weight
                    }
                }
                let candidates = touched.filter { scores[$0] > 0 && !linkedPages[page].contains($0) && !pages[$0].page.isDraft }
                ranked[page] = candidates.sorted { (scores[$0], pages[$1].outputPath) > (scores[$1], pages[$0].outputPath) }
                    .prefix(results).map { $0 }
                for candidate in touched { scores[candidate] = 0 }
                touched.removeAll(keepingCapacity: true)
            }
        }
        return ranked.values
    }
}

private extension SimilarityRanker {
    /// Each page's strongest features as L2-normalised TF-IDF weights, in a stable order. Two
    /// passes over the text — document frequencies first, then each page's top features — so the
    /// full term counts of all pages never sit in memory together.
    func features(_ pages: [LinkedPage]) -> [[(String, Double)]] {
        let chunks = max(1, min(pages.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let partial = ConcurrentResults<[String: Int]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var frequency: [String: Int] = [:]
            for page in stride(from: chunk, to: pages.count, by: chunks) {
                for term in termCounts(pages[page]).keys { frequency[term, default: 0] += 1 }
            }
            partial[chunk] = frequency
        }
        let documentFrequency = partial.values.reduce(into: [String: Int]()) { $0.merge($1, uniquingKeysWith: +) }
        let total = Double(max(pages.count, 1))
        let vectors = ConcurrentResults<[(String, Double)]>(count: pages.count)
        DispatchQueue.concurrentPerform(iterations: pages.count) { page in
            var weighted = termCounts(pages[page]).map { term, frequency -> (String, Double) in
                let idf = log(1 + total / Double(documentFrequency[term]!))
                return (term, (1 + log(Double(frequency))) * idf)
            }
            weighted.sort { ($0.1, $1.0) > ($1.1, $0.0) }
            let top = weighted.prefix(featuresPerPage)
            let norm = top.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            vectors[page] = top.map { ($0.0, norm > 0 ? $0.1 / norm : 0) }.sorted { $0.0 < $1.0 }
        }
        return vectors.values
    }

    /// Search terms (see `SearchTokenizer`) of three or more characters in the title (counted three
    /// times), summary (twice) and body, plus taxonomy terms as features of their own (three times).
    func termCounts(_ linked: LinkedPage) -> [String: Int] {
        let page = linked.page
        var counts: [String: Int] = [:]
        var tokenizer = SearchTokenizer(settings: settings)
        func add(_ text: String, times: Int) {
            for word in tokenizer.words(text) where word.utf8.count > 2 {
                if let term = tokenizer.term(word) { counts[term, default: 0] += times }
            }
        }
        add(page.title, times: 3)
        add(page.summary, times: 2)
        for section in page.body.sections {
            add(section.heading, times: 1)
            add(section.text, times: 1)
        }
        for field in schema.taxonomies {
            for term in page.frontMatter.fields[field.name]?.terms ?? [] { counts["\(field.name):\(Slug.normalize(term))", default: 0] += 3 }
        }
        return counts
    }
}
