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

    /// What ranking gives: each page's suggestions (page numbers, best first), what the next
    /// build ranks from (`SimilarityMemo`, when asked for), and how many pages were ranked from
    /// their feature lists rather than carried over from the last build's.
    struct Ranking {
        var suggestions: [[Int]]
        var memo: SimilarityMemo?
        var rankedAgain: Int
    }

    struct Suggestion {
        var page: Int
        var score: Float
    }

    /// Everything besides the pages that the suggestions depend on, for the memo's key.
    var settings: [Int] { [featuresPerPage, postingsDepth, results] }

    /// Suggestions for every page. `index` holds the pages' text with document ids equal to page
    /// numbers. With `last`, the memo of the last build for the same pages, a page is ranked
    /// again only when an edit can have changed its suggestions (`carried`); the result is the
    /// same to the bit either way.
    func rank(_ pages: [LinkedPage], index: InvertedIndex, edges: [GraphEdge], taxonomies: [Taxonomy],
              last: SimilarityMemo? = nil, remember: Bool = false) -> Ranking {
        let taxonomy = taxonomyValues(taxonomies)
        let vectors = features(pages, index: index, taxonomy: taxonomy.map(\.pages))
        let featureCount = index.order.count + taxonomy.count
        let names = last != nil || remember ? featureNames(vectors, index: index, taxonomy: taxonomy.map(\.name), count: featureCount) : []
        let linked = connections(edges, pageCount: pages.count)
        let digests = last != nil || remember ? (0..<pages.count).map(linked.digest) : []
        let changes = last.flatMap { Changes($0, vectors: vectors, names: names) }
        let postings = postingLists(vectors, featureCount: featureCount, changes: changes)
        let isDraft = pages.indices.map { pages[$0].page.isDraft }
        let ranked = ConcurrentResults<[Suggestion]>(count: pages.count)
        // Chunks, so each worker reuses one score array instead of hashing every candidate.
        let chunks = max(1, min(pages.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let rankedAgain = ConcurrentResults<Int>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var scores = [Float](repeating: 0, count: pages.count)
            // One place per posting read (at most this many), so a note never falls outside.
            var touchedPages = [Int32](repeating: 0, count: featuresPerPage * postingsDepth)
            var count = 0
            for page in stride(from: chunk, to: pages.count, by: chunks) {
                if let last, let changes, last.connections[page] == digests[page],
                   let carried = carried(page, last: last, changes: changes, vectors: vectors, postings: postings, isDraft: isDraft, linked: linked) {
                    ranked[page] = carried
                    continue
                }
                count += 1
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
                ranked[page] = best.map { Suggestion(page: $0, score: scores[$0]) }
                for candidate in touched { scores[candidate] = 0 }
            }
            rankedAgain[chunk] = count
        }
        let suggestions = ranked.takeAll()
        let memo = remember ? SimilarityMemo(vectors: vectors, names: names, connections: digests, suggestions: suggestions) : nil
        return Ranking(suggestions: suggestions.map { $0.map(\.page) }, memo: memo, rankedAgain: rankedAgain.takeAll().reduce(0, +))
    }
}

extension SimilarityRanker {
    /// The site with every page's "See also" filled in and a `similar` edge for each suggestion.
    /// With a build cache, `memo` is the last build's `similar.memo` and `next` the next build's;
    /// `rankedAgain` counts the pages not carried over from the last build (`rank`).
    static func suggest(in site: LinkedSite, index: InvertedIndex, memo: MemoFile = MemoFile(), next: MemoWriter? = nil) -> (site: LinkedSite, rankedAgain: Int) {
        let ranker = SimilarityRanker()
        let key = memo.count > 0 || next != nil ? SimilarityMemo.key(site.pages, settings: ranker.settings) : ContentHash(high: 0, low: 0)
        // Sealed: a damaged suggestion or score would still read as one.
        let last = memo.count > 0 ? memo.sealed(for: key) { try SimilarityMemo(from: &$0) } : nil
        let ranking = ranker.rank(site.pages, index: index, edges: site.edges, taxonomies: site.taxonomies, last: last, remember: next != nil)
        if let next, let remembered = ranking.memo { next.addSealed(key) { remembered.write(to: &$0) } }
        var site = site
        var suggested: [GraphEdge] = []
        for (number, similar) in ranking.suggestions.enumerated() {
            suggested += similar.sorted().map { GraphEdge(type: "similar", from: number, to: $0) }
        }
        site.seeAlso = ranking.suggestions
        // Both sorted already: merged, not sorted again.
        site.edges = merged(site.edges, suggested)
        return (site, ranking.rankedAgain)
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

// The steps of `rank`, internal for their tests.
extension SimilarityRanker {
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

    /// How many pages have a word or a taxonomy value, to two significant digits (2,283 pages are
    /// 2,300; fewer than 100, exact), as the features' rarity counts them. A word added to one page
    /// rarely moves its rounded count, so the weights of the other pages that have it stay the
    /// same to the bit, and their suggestions are carried over (`carried`) instead of every page
    /// with a common word being ranked again (9,000 of 10,000 pages for "third" added to one).
    static func roughly(_ count: Int) -> Double {
        guard count >= 100 else { return Double(count) }
        var scale = 1
        while count / scale >= 100 { scale *= 10 }
        return Double((count + scale / 2) / scale * scale)
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
        // Rarest first: a page's strongest features then mostly come first, and most later ones
        // fall short of the weakest it keeps without being offered. (Which are kept does not
        // depend on the order they come in, `TopFeatures`.)
        let terms = index.order.enumerated().filter { index.terms[$0.element].utf8.count > 2 }
            .sorted { (index.postings[$0.element].documents.count, $0.offset) < (index.postings[$1.element].documents.count, $1.offset) }
        // 1 + ln(frequency), for every frequency the counts (at most 255 a field) can add up to.
        let growth = (0...(7 * 255)).map { 1 + log(Double($0)) }
        // Two stretches a core: each stretch goes through every term's list (a look-up and its
        // retains, 60,000 terms at 10,000 pages), which sixteen stretches did 16 times over.
        let stretches = max(1, 2 * ProcessInfo.processInfo.activeProcessorCount)
        let stretch = max(256, (pages.count + stretches - 1) / stretches)
        let (fields, title, summary, headings, body) = (DocumentTerms.fieldCount, SearchField.title.index, SearchField.summary.index,
                                                        SearchField.headings.index, SearchField.body.index)
        let ranked = concurrentMap((pages.count + stretch - 1) / stretch) { number -> [[Feature]] in
            let pageRange = number * stretch..<min(pages.count, (number + 1) * stretch)
            var strongest = [TopFeatures](repeating: TopFeatures(capacity: featuresPerPage), count: pageRange.count)
            // The weakest weight each page keeps once it keeps `featuresPerPage`: a feature weaker
            // than that is passed over without being offered (one as strong may still win on its id).
            var weakest = [Float](repeating: -.infinity, count: pageRange.count)
            let (first, end) = (Int32(pageRange.lowerBound), Int32(pageRange.upperBound))
            growth.withUnsafeBufferPointer { growth in
                for (feature, term) in terms {
                    let postings = index.postings[term]
                    let idf = log(1 + total / Self.roughly(postings.documents.count))
                    var posting = InvertedIndex.firstPlace(of: first, in: postings.documents)
                    postings.documents.withUnsafeBufferPointer { documents in
                        postings.counts.withUnsafeBufferPointer { counts in
                            while posting < documents.count, documents[posting] < end {
                                defer { posting += 1 }
                                let base = posting * fields
                                let frequency = 3 * Int(counts[base + title]) + 2 * Int(counts[base + summary]) + Int(counts[base + headings]) + Int(counts[base + body])
                                guard frequency > 0 else { continue }
                                let weight = Float(growth[frequency] * idf)
                                let page = Int(documents[posting] - first)
                                guard weight >= weakest[page] else { continue }
                                strongest[page].offer(Feature(id: feature, weight: weight))
                                if let kept = strongest[page].weakest { weakest[page] = kept }
                            }
                        }
                    }
                }
            }
            for (number, carriers) in taxonomy.enumerated() {
                let idf = log(1 + total / Self.roughly(carriers.count))
                for page in carriers where pageRange.contains(page) {
                    strongest[page - pageRange.lowerBound].offer(Feature(id: index.order.count + number, weight: Float((1 + log(3.0)) * idf)))
                }
            }
            return strongest.map { top in
                let norm = top.features.reduce(Float(0)) { $0 + $1.weight * $1.weight }.squareRoot()
                return top.features.map { Feature(id: $0.id, weight: norm > 0 ? $0.weight / norm : 0) }
            }
        }
        return ranked.flatMap { $0 }
    }

    /// For each feature, the pages that kept it, strongest first, at most `postingsDepth`: feature
    /// `f`'s are at `starts[f]..<starts[f + 1]` of `pages` and `weights`. With `changes`, also
    /// which pages' places in each list the changed pages may have changed (`Postings.affected`).
    func postingLists(_ vectors: [[Feature]], featureCount: Int, changes: Changes?) -> Postings {
        var lists = [[Posting]](repeating: [], count: featureCount)
        for (page, vector) in vectors.enumerated() {
            for feature in vector { lists[feature.id].append(Posting(page: Int32(page), weight: feature.weight)) }
        }
        func strongestFirst(_ a: Posting, _ b: Posting) -> Bool { (a.weight, b.page) > (b.weight, a.page) }
        var postings = Postings(featureCount: featureCount)
        for feature in lists.indices {
            if lists[feature].count > 1 { lists[feature].sort(by: strongestFirst) }
            if changes != nil, lists[feature].count > postingsDepth { postings.weakestKept[feature] = lists[feature][postingsDepth - 1] }
            if let changes, changes.touched[feature] {
                // The list as the last build made it: the same postings of unchanged pages, and the changed pages' old ones.
                let before = (lists[feature].filter { !changes.changed[Int($0.page)] } + (changes.before[feature] ?? [])).sorted(by: strongestFirst)
                postings.affected[feature] = Self.differences(before.prefix(postingsDepth), lists[feature].prefix(postingsDepth))
            }
            for posting in lists[feature].prefix(postingsDepth) {
                postings.pages.append(posting.page)
                postings.weights.append(posting.weight)
            }
            postings.starts.append(postings.pages.count)
        }
        return postings
    }

    /// The pages whose posting is in one list and not the other, or with another weight.
    static func differences(_ before: ArraySlice<Posting>, _ after: ArraySlice<Posting>) -> [Int32] {
        var weights = Dictionary(before.map { ($0.page, $0.weight.bitPattern) }, uniquingKeysWith: { first, _ in first })
        var pages: [Int32] = []
        for posting in after where weights.removeValue(forKey: posting.page) != posting.weight.bitPattern { pages.append(posting.page) }
        return pages + weights.keys.sorted()
    }

    /// Each feature's name as the memo keeps it, for the features pages kept (0 for the others).
    func featureNames(_ vectors: [[Feature]], index: InvertedIndex, taxonomy: [String], count: Int) -> [UInt64] {
        var names = [UInt64](repeating: 0, count: count)
        var named = [Bool](repeating: false, count: count)
        for vector in vectors {
            for feature in vector where !named[feature.id] {
                named[feature.id] = true
                names[feature.id] = feature.id < index.order.count
                    ? SimilarityMemo.name(index.terms[index.order[feature.id]], taxonomy: false)
                    : SimilarityMemo.name(taxonomy[feature.id - index.order.count], taxonomy: true)
            }
        }
        return names
    }

    /// Page `page`'s suggestions worked out from the last build's, when its own features and
    /// connections are as they were: nil when it must be ranked afresh.
    ///
    /// Only the postings of `changes.affected` pages in the page's feature lists can differ from
    /// the last build's, so every other candidate scores exactly as it did (the same products,
    /// added in the same order). When none of the last suggestions is affected, they are still
    /// the best of the unaffected candidates, and the affected ones are scored here, the same way
    /// `rank`'s loop adds them up, and placed among them.
    func carried(_ page: Int, last: SimilarityMemo, changes: Changes, vectors: [[Feature]], postings: Postings,
                 isDraft: [Bool], linked: Connections) -> [Suggestion]? {
        guard !changes.changed[page] else { return nil }
        var affected: [Int32] = []
        for feature in vectors[page] where changes.touched[feature.id] {
            for other in postings.affected[feature.id] ?? [] where !affected.contains(other) {
                // Beyond a few, ranking the page again is the quicker way.
                guard affected.count < 4 * featuresPerPage else { return nil }
                affected.append(other)
            }
        }
        let kept = last.suggestions(of: page).map { Suggestion(page: Int(last.suggestionPages[$0]), score: last.suggestionScores[$0]) }
        guard !affected.isEmpty else { return kept }
        guard !kept.contains(where: { affected.contains(Int32($0.page)) }) else { return nil }
        var candidates = kept
        for other in affected.map({ Int($0) }) where other != page && !isDraft[other] {
            // A page is in a feature's list when it has the feature and is among the strongest
            // `postingsDepth` (its posting's weight is its feature's).
            var score: Float = 0
            for feature in vectors[page] {
                guard let weight = vectors[other].first(where: { $0.id == feature.id })?.weight,
                      postings.keeps(feature.id, Posting(page: Int32(other), weight: weight)) else { continue }
                score = score + feature.weight * weight
            }
            if score > 0, !linked.connects(page, other) { candidates.append(Suggestion(page: other, score: score)) }
        }
        return Array(candidates.sorted { ($0.score, $1.page) > ($1.score, $0.page) }.prefix(results))
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

    /// For every (taxonomy, value) pair in use, in a stable order (`field:slug`, its name), the pages that carry it, in page order.
    func taxonomyValues(_ taxonomies: [Taxonomy]) -> [(name: String, pages: [Int])] {
        taxonomies.flatMap { taxonomy in taxonomy.terms.map { (name: "\(taxonomy.field.name):\($0.slug)", pages: $0.pages.sorted()) } }
            .sorted { $0.name < $1.name }
    }

    /// The feature lists of all pages (`postingLists`).
    struct Postings {
        var starts = [0]
        var pages: [Int32] = []
        var weights: [Float] = []
        /// For each feature a changed page had or has, the pages whose posting in its list may differ from the last build's.
        var affected: [Int: [Int32]] = [:]
        /// For each feature with more postings than a list keeps, the last one kept.
        var weakestKept: [Int: Posting] = [:]

        init(featureCount: Int) { starts.reserveCapacity(featureCount + 1) }

        /// Whether feature `feature`'s list keeps `posting`, one of its postings before the cut.
        func keeps(_ feature: Int, _ posting: Posting) -> Bool {
            guard let weakest = weakestKept[feature] else { return true }
            return posting.page == weakest.page || (posting.weight, weakest.page) > (weakest.weight, posting.page)
        }
    }

    /// Which pages' features differ from the last build's, and their features then.
    struct Changes {
        var changed: [Bool]
        /// The features a changed page had or has (by this build's numbers).
        var touched: [Bool]
        /// The changed pages' postings as the last build had them, by this build's feature numbers.
        var before: [Int: [Posting]] = [:]

        /// Nil when `last` cannot be compared: other pages, or two features of this build with one name.
        init?(_ last: SimilarityMemo, vectors: [[Feature]], names: [UInt64]) {
            guard last.pageCount == vectors.count else { return nil }
            changed = vectors.indices.map { page in
                let range = last.features(of: page)
                return range.count != vectors[page].count || zip(range, vectors[page]).contains { old, feature in
                    last.featureNames[old] != names[feature.id] || last.featureWeights[old].bitPattern != feature.weight.bitPattern
                }
            }
            touched = [Bool](repeating: false, count: names.count)
            guard changed.contains(true) else { return }
            var numbers: [UInt64: Int] = [:]
            for vector in vectors {
                for feature in vector {
                    guard let known = numbers.updateValue(feature.id, forKey: names[feature.id]) else { continue }
                    guard known == feature.id else { return nil }
                }
            }
            for page in vectors.indices where changed[page] {
                for feature in vectors[page] { touched[feature.id] = true }
                for old in last.features(of: page) {
                    // A feature no page has now is in no list a page reads.
                    guard let feature = numbers[last.featureNames[old]] else { continue }
                    touched[feature] = true
                    before[feature, default: []].append(Posting(page: Int32(page), weight: last.featureWeights[old]))
                }
            }
        }
    }
}

extension SimilarityMemo {
    /// What `rank` worked from and chose, for the next build.
    fileprivate init(vectors: [[SimilarityRanker.Feature]], names: [UInt64], connections: [UInt64], suggestions: [[SimilarityRanker.Suggestion]]) {
        self.init()
        for vector in vectors {
            for feature in vector {
                featureNames.append(names[feature.id])
                featureWeights.append(feature.weight)
            }
            featureStarts.append(Int32(featureNames.count))
        }
        self.connections = connections
        for list in suggestions {
            for suggestion in list {
                suggestionPages.append(Int32(suggestion.page))
                suggestionScores.append(suggestion.score)
            }
            suggestionStarts.append(Int32(suggestionPages.count))
        }
    }
}

/// For each page, the pages it is connected to, sorted: page `p`'s are at `starts[p]..<starts[p + 1]` of `pages`.
struct Connections {
    let starts: [Int]
    let pages: [Int32]

    /// A digest of the pages `page` is connected to (`SimilarityMemo`).
    func digest(_ page: Int) -> UInt64 {
        pages.withUnsafeBufferPointer { SimilarityMemo.digest(UnsafeBufferPointer(rebasing: $0[starts[page]..<starts[page + 1]])) }
    }

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

    /// The weight of the weakest feature kept, once `capacity` are.
    var weakest: Float? { features.count == capacity ? features.last?.weight : nil }

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
