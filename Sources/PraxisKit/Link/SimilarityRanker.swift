import Foundation

/// "See also": for each page, up to five pages it does not already link to, ranked by shared
/// taxonomy terms and by TF-IDF similarity of their text.
///
/// The text comes from the search index (`InvertedIndex`), so every word is tokenised and stemmed
/// once per build, and "See also" and search agree on what a word is. Each page keeps only its
/// most distinctive features, and each feature's list of pages is read only up to a fixed depth,
/// so the work grows linearly with the number of pages instead of with every pair of them.
struct SimilarityRanker {
    /// Features kept per page; postings read per feature.
    var featuresPerPage = 16
    var postingsDepth = 200
    var results = 5

    /// Page numbers to suggest, per page, best first. `index` holds the pages' text with document
    /// ids equal to page numbers.
    func rank(_ pages: [LinkedPage], index: InvertedIndex, edges: [GraphEdge], taxonomies: [Taxonomy]) -> [[Int]] {
        let taxonomy = taxonomyValues(taxonomies)
        let vectors = features(pages, index: index, taxonomy: taxonomy)
        let postings = postingLists(vectors, featureCount: index.order.count + taxonomy.count)
        let linked = connections(edges, pageCount: pages.count)
        let isDraft = pages.map(\.page.isDraft)
        let ranked = ConcurrentResults<[Int]>(count: pages.count)
        // Chunks, so each worker reuses one score array instead of hashing every candidate.
        let chunks = max(1, min(pages.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var scores = [Float](repeating: 0, count: pages.count)
            // One place per posting read (at most this many), so a note never falls outside.
            var touchedPages = [Int32](repeating: 0, count: featuresPerPage * postingsDepth)
            for page in stride(from: chunk, to: pages.count, by: chunks) {
                // The innermost loop of "See also" (features × postings per page), on flat arrays
                // without bounds checks. A candidate is noted when it first scores.
                var touchedCount = 0
                scores.withUnsafeMutableBufferPointer { scores in
                    touchedPages.withUnsafeMutableBufferPointer { touched in
                        postings.starts.withUnsafeBufferPointer { starts in
                            postings.pages.withUnsafeBufferPointer { postingPages in
                                postings.weights.withUnsafeBufferPointer { postingWeights in
                                    // The page itself scores too (a branch fewer per posting) and is passed over below.
                                    for feature in vectors[page] {
                                        let weight = feature.weight
                                        for posting in starts[feature.id]..<starts[feature.id + 1] {
                                            let candidate = Int(postingPages[posting])
                                            let score = scores[candidate]
                                            touched[touchedCount] = Int32(candidate)
                                            touchedCount &+= score == 0 ? 1 : 0
                                            scores[candidate] = score + weight * postingWeights[posting]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                let touched = touchedPages[..<touchedCount].lazy.map { Int($0) }
                // The best few of thousands of candidates: kept in order as they come, not sorted
                // all. Ties go to the page first in output order, so threads cannot change the result.
                var best: [Int] = []
                for candidate in touched where candidate != page && scores[candidate] > 0 && !isDraft[candidate] {
                    func better(_ a: Int, _ b: Int) -> Bool { (scores[a], b) > (scores[b], a) }
                    if best.count == results, !better(candidate, best[results - 1]) { continue }
                    // Looked up last: most candidates fall short of the best five first.
                    if linked.connects(page, candidate) { continue }
                    let place = best.firstIndex { better(candidate, $0) } ?? best.count
                    best.insert(candidate, at: place)
                    if best.count > results { best.removeLast() }
                }
                ranked[page] = best
                for candidate in touched { scores[candidate] = 0 }
            }
        }
        return ranked.takeAll()
    }
}

extension SimilarityRanker {
    /// The site with every page's "See also" filled in and a `similar` edge for each suggestion.
    static func suggest(in site: LinkedSite, index: InvertedIndex) -> LinkedSite {
        let similar = SimilarityRanker().rank(site.pages, index: index, edges: site.edges, taxonomies: site.taxonomies)
        var site = site
        var suggested: [GraphEdge] = []
        for number in site.pages.indices {
            site.pages[number].seeAlso = similar[number]
            suggested += similar[number].sorted().map { GraphEdge(type: "similar", from: number, to: $0) }
        }
        // Both sorted already: merged, not sorted again.
        site.edges = merged(site.edges, suggested)
        return site
    }

    /// Two sorted lists of edges as one sorted list.
    static func merged(_ first: [GraphEdge], _ second: [GraphEdge]) -> [GraphEdge] {
        var result: [GraphEdge] = []
        result.reserveCapacity(first.count + second.count)
        var (one, two) = (0, 0)
        while one < first.count, two < second.count {
            if second[two] < first[one] {
                result.append(second[two])
                two += 1
            } else {
                result.append(first[one])
                one += 1
            }
        }
        result += first[one...]
        result += second[two...]
        return result
    }
}

private extension SimilarityRanker {
    struct Feature {
        /// A term's place in the index's `order` (never its id, so that the choice among equal
        /// weights depends on the terms alone), or `order.count +` a taxonomy value's number.
        var id: Int
        var weight: Float
    }

    struct Posting {
        var page: Int32
        var weight: Float
    }

    /// Each page's strongest features as L2-normalised TF-IDF weights.
    ///
    /// A term's frequency counts a title occurrence three times and a summary occurrence twice;
    /// each taxonomy value a page carries is a feature of its own, counted three times. Terms of
    /// one or two letters carry little meaning and are left out.
    ///
    /// Pages are taken in stretches, each on its own core; a stretch reads the part of every
    /// posting list that falls in it, so each page is offered its features in the same order.
    func features(_ pages: [LinkedPage], index: InvertedIndex, taxonomy: [[Int]]) -> [[Feature]] {
        let total = Double(max(pages.count, 1))
        let terms = index.order.enumerated().filter { index.terms[$0.element].utf8.count > 2 }
        // 1 + ln(frequency), for every frequency the counts (at most 255 a field) can add up to.
        let growth = (0...(7 * 255)).map { 1 + log(Double($0)) }
        let stretch = max(256, (pages.count + 15) / 16)
        let stretches = concurrentMap((pages.count + stretch - 1) / stretch) { number -> [[Feature]] in
            let pageRange = number * stretch..<min(pages.count, (number + 1) * stretch)
            var strongest = [TopFeatures](repeating: TopFeatures(capacity: featuresPerPage), count: pageRange.count)
            for (feature, term) in terms {
                let postings = index.postings[term]
                let idf = log(1 + total / Double(postings.documents.count))
                var posting = InvertedIndex.firstPlace(of: Int32(pageRange.lowerBound), in: postings.documents)
                while posting < postings.documents.count, postings.documents[posting] < pageRange.upperBound {
                    defer { posting += 1 }
                    let frequency = 3 * postings.count(posting, in: .title) + 2 * postings.count(posting, in: .summary)
                        + postings.count(posting, in: .headings) + postings.count(posting, in: .body)
                    guard frequency > 0 else { continue }
                    strongest[Int(postings.documents[posting]) - pageRange.lowerBound].offer(Feature(id: feature, weight: Float(growth[frequency] * idf)))
                }
            }
            for (number, carriers) in taxonomy.enumerated() {
                let idf = log(1 + total / Double(carriers.count))
                for page in carriers where pageRange.contains(page) {
                    strongest[page - pageRange.lowerBound].offer(Feature(id: index.order.count + number, weight: Float((1 + log(3.0)) * idf)))
                }
            }
            return strongest.map { top in
                let norm = top.features.reduce(Float(0)) { $0 + $1.weight * $1.weight }.squareRoot()
                return top.features.map { Feature(id: $0.id, weight: norm > 0 ? $0.weight / norm : 0) }
            }
        }
        return stretches.flatMap { $0 }
    }

    /// For each feature, the pages that kept it, strongest first, at most `postingsDepth`: feature
    /// `f`'s are at `starts[f]..<starts[f + 1]` of `pages` and `weights`.
    func postingLists(_ vectors: [[Feature]], featureCount: Int) -> (starts: [Int], pages: [Int32], weights: [Float]) {
        var lists = [[Posting]](repeating: [], count: featureCount)
        for (page, vector) in vectors.enumerated() {
            for feature in vector { lists[feature.id].append(Posting(page: Int32(page), weight: feature.weight)) }
        }
        var starts = [0]
        starts.reserveCapacity(featureCount + 1)
        var pages: [Int32] = [], weights: [Float] = []
        for feature in lists.indices {
            if lists[feature].count > 1 { lists[feature].sort { ($0.weight, $1.page) > ($1.weight, $0.page) } }
            for posting in lists[feature].prefix(postingsDepth) {
                pages.append(posting.page)
                weights.append(posting.weight)
            }
            starts.append(pages.count)
        }
        return (starts, pages, weights)
    }

    /// The pages each page is already connected to, in either direction.
    func connections(_ edges: [GraphEdge], pageCount: Int) -> Connections {
        var starts = [Int](repeating: 0, count: pageCount + 1)
        for edge in edges {
            starts[edge.from + 1] += 1
            starts[edge.to + 1] += 1
        }
        for page in 0..<pageCount { starts[page + 1] += starts[page] }
        var filled = Array(starts.dropLast())
        var pages = [Int32](repeating: 0, count: starts[pageCount])
        for edge in edges {
            pages[filled[edge.from]] = Int32(edge.to)
            filled[edge.from] += 1
            pages[filled[edge.to]] = Int32(edge.from)
            filled[edge.to] += 1
        }
        for page in 0..<pageCount { pages[starts[page]..<starts[page + 1]].sort() }
        return Connections(starts: starts, pages: pages)
    }

    /// For every (taxonomy, value) pair in use, in a stable order (`field:slug`), the pages that carry it, in page order.
    func taxonomyValues(_ taxonomies: [Taxonomy]) -> [[Int]] {
        taxonomies.flatMap { taxonomy in taxonomy.terms.map { ("\(taxonomy.field.name):\($0.slug)", $0.pages.sorted()) } }
            .sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// For each page, the pages it is connected to, sorted: page `p`'s are at `starts[p]..<starts[p + 1]` of `pages`.
private struct Connections {
    let starts: [Int]
    let pages: [Int32]

    func connects(_ page: Int, _ other: Int) -> Bool {
        var (low, high) = (starts[page], starts[page + 1])
        while low < high {
            let middle = (low + high) / 2
            if pages[middle] < other { low = middle + 1 } else { high = middle }
        }
        return low < starts[page + 1] && pages[low] == other
    }
}

/// The `capacity` strongest features seen so far, kept in order: strongest first, and among
/// equal weights the lower id first, so the choice never depends on the order of offers.
private struct TopFeatures {
    let capacity: Int
    private(set) var features: [SimilarityRanker.Feature] = []

    init(capacity: Int) { self.capacity = capacity }

    mutating func offer(_ feature: SimilarityRanker.Feature) {
        func stronger(_ a: SimilarityRanker.Feature, _ b: SimilarityRanker.Feature) -> Bool { (a.weight, b.id) > (b.weight, a.id) }
        if features.count == capacity {
            guard let weakest = features.last, stronger(feature, weakest) else { return }
            features.removeLast()
        }
        let place = features.firstIndex { stronger(feature, $0) } ?? features.count
        features.insert(feature, at: place)
    }
}
