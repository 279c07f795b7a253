import Foundation

/// The Index stage: the search index under `search/`, built from the parsed pages (never from
/// HTML), in the format README "Search index format" documents.
///
/// A query loads only what it needs: the manifest, the shard of each of its terms, the word list
/// around its last term (typed as a prefix), the shards of word pairs for phrases, and the
/// document shards of the results on screen. Shards hold key ranges of about a fixed size, so the
/// number of files grows with the size of the index, never with one file per page.
public struct SearchIndexBuilder: Sendable {
    public let config: SiteConfig

    /// Sizes that keep a first query within budget (issue 4: 150 KB at 10,000 documents).
    static let termShardBytes = 12_000
    static let pairShardBytes = 16_000
    static let wordShardBytes = 4_000
    /// Ten results may come from ten document shards: four documents a shard keeps that under 50 KB.
    static let docsPerShard = 4
    static let exactPostings = 500

    public init(config: SiteConfig) { self.config = config }

    var settings: SearchSettings { config.search.resolved(siteLanguage: config.language) }

    /// Every page's text, tokenised once: the search files below and "See also" are made from it.
    func index(of site: LinkedSite) -> InvertedIndex {
        index(of: site, settings: settings).index
    }

    /// The files under `search/` for `site`, whose pages `index` holds in the same order, each
    /// handed to `emit` as soon as it is encoded (from several threads): a large index never sits
    /// in memory encoded whole. Excerpts chosen by the last build from the same inputs come from
    /// `memo`. With a `seed` (`BuildCache.fingerprint`), a document shard whose key `keep` accepts
    /// (the last build wrote it from the same inputs) is neither made nor encoded again; so is a
    /// term shard, whose terms' entries are known unchanged from `before` (`ScoredTerms`).
    /// Returns what the next build needs to know of the term shards' entries.
    @discardableResult
    func files(for site: LinkedSite, index: InvertedIndex, memo: MemoFile = MemoFile(), next: MemoWriter? = nil,
               before: ScoredTermsBefore? = nil, seed: ContentHash? = nil, leftovers: Leftovers = Leftovers(),
               keep: @Sendable (String, ContentHash) -> Bool = { _, _ in false }, emit: @Sendable (RenderedFile) -> Void) -> ScoredTerms {
        let settings = self.settings
        var output = IndexOutput()
        // The words, typos and documents are laid out one after another on one thread, beside
        // the terms and pairs (each laid out on every core): each of the three is one pass too
        // short to share, and together they fill the cores' pauses.
        let ((words, typos, docs), (termResult, pairs)) = alongside({ [self] in
            (wordShards(index), typoShards(index), docShards(site, index: index, settings: settings, memo: memo, next: next, seed: seed))
        }, {
            (termShards(index, order: index.order, before: before, seed: seed), pairShards(index, order: index.order, seed: seed))
        })
        let (terms, scored) = termResult
        output.add(terms.files)
        output.add(pairs.files)
        output.add(words.files)
        output.add(typos.files)
        output.add(docs)
        output.encodeAll(emit: emit, keep: keep, keeping: false)
        // The manifest tells the size of each facet's files: those are encoded first, and kept.
        let facets = facetShards(FacetBuilder(site: site).facets())
        var facetOutput = IndexOutput()
        facetOutput.add(facets.flatMap(\.shards).map { IndexOutput.File($0.name, encode: $0.encode) })
        let encoded = facetOutput.encodeAll(emit: emit)
        let manifest = SearchManifest(
            documents: index.documentCount, language: settings.language, stemmer: settings.stem ? "english" : "none",
            stopWords: settings.stopWords, maximumWordLength: SearchTokenizer.maximumLength,
            fields: zip(SearchField.allCases, ImpactScorer.averageLengths(index)).map {
                .init(name: $0.rawValue, weight: $0.weight, b: $0.lengthNormalisation, averageLength: $1)
            },
            k1: ImpactScorer.k1, impact: .init(base: ImpactScale.base, step: ImpactScale.step),
            exactPostings: Self.exactPostings, docsPerShard: Self.docsPerShard, excerptLength: Excerpt.length,
            shards: .init(terms: terms.boundaries, words: words.boundaries, typos: typos.boundaries, pairs: pairs.files.count, docs: docs.count),
            facets: facets.map { $0.entry(encoded) }
        )
        for file in IndexFileEncoder.files("manifest", json: IndexFileEncoder.encode(manifest))
            + IndexFileEncoder.files("pairs", json: IndexFileEncoder.encode(PairDirectory(shards: pairs.boundaries))) {
            emit(file)
        }
        // Every shard's terms and documents, a large site's tens of milliseconds to free.
        leftovers.free(output, terms, pairs, words, typos, docs)
        return scored
    }

    /// Every file under `search/`, in memory, sorted by path (for tests).
    func files(for site: LinkedSite, index: InvertedIndex) -> [RenderedFile] {
        let collected = FileCollector()
        files(for: site, index: index) { collected.add($0) }
        return collected.files.sorted { $0.path < $1.path }
    }
}

private extension SearchIndexBuilder {
    typealias Shards = (files: [IndexOutput.File], boundaries: [String])

    /// With `before`, a term whose entry is known unchanged is not scored again (`ScoredTerms`);
    /// with a `seed`, a shard's key covers its terms and their entries' hashes, so a shard the
    /// last build wrote from the same entries is not encoded again either. Returns the facts of
    /// every term by rank, for the next build.
    func termShards(_ index: InvertedIndex, order ids: [Int], before: ScoredTermsBefore?, seed: ContentHash?) -> (shards: Shards, terms: ScoredTerms) {
        let scorer = ImpactScorer(index: index)
        let before = before?.settled(by: scorer)
        let made = concurrentMap(ids.count) { rank -> (entry: TermEntry?, facts: ShardEntryFacts) in
            if let known = before?.facts(of: ids[rank], scorer: scorer.key) { return (nil, known) }
            let entry = scorer.entry(of: index.postings[ids[rank]], exact: Self.exactPostings)
            return (entry, ShardEntryFacts(entry))
        }
        let names = ids.map(index.term)
        let facts = made.map(\.facts)
        let ranges = ShardPacker.files(keys: names, sizes: zip(names, facts).map { $0.utf8.count + $1.encodedLength }, target: Self.termShardBytes)
        let keys = seed.map { seed in
            concurrentMap(ranges.count) { shard in
                var hasher = ContentHasher()
                hasher.add(seed)
                hasher.add("terms")
                hasher.add(ranges[shard].count)
                for rank in ranges[shard] {
                    hasher.add(names[rank])
                    hasher.add(facts[rank].hash)
                }
                return hasher.finish()
            }
        }
        let files = ranges.enumerated().map { number, range in
            IndexOutput.File("terms-\(number)", key: keys?[number]) {
                TermShard.json(terms: Array(names[range])) { place in
                    made[range.lowerBound + place].entry ?? scorer.entry(of: index.postings[ids[range.lowerBound + place]], exact: Self.exactPostings)
                }
            }
        }
        return ((files, ShardPacker.boundaries(keys: names, shards: ranges)), ScoredTerms(scorer: scorer.key, facts: facts, scoredAgain: made.count { $0.entry != nil }))
    }

    /// A pair shard's `key` (with a `seed`) covers every pair in it and its documents (by their
    /// hash): the layout comes from the sizes alone (the length of each pair's encoded documents),
    /// so a shard the last build wrote from the same pairs is neither named nor encoded again. One
    /// edit changes a few of them. Both come with the pairs (`PairTable.Facts`), made again only
    /// for the pairs whose documents changed.
    func pairShards(_ index: InvertedIndex, order: [Int], seed: ContentHash?) -> Shards {
        // "first second" sorts like the pair (first, second): terms hold no space, and a space sorts
        // before every character a term has. So pairs are sorted by the terms' ranks, not as strings.
        // The pairs of each part of the index as they are (a pair is numbered `part << 32 | place`),
        // not copied into one list.
        let (ranks, parts) = (index.ranks, index.pairsByPart)
        let pairs = PairList(parts: parts)
        // Pairs whose first terms have neighbouring ranks are sorted and sized together, each
        // stretch of ranks on its own core; the stretches follow one another.
        let stretchCount = 16
        let byPart = concurrentMap(parts.count) { part in
            var stretches = [[Int]](repeating: [], count: stretchCount)
            for (place, pair) in parts[part].enumerated() {
                stretches[Int(ranks[PairKey.halves(pair.key).first]) * stretchCount / order.count].append(part << 32 | place)
            }
            return stretches
        }
        let members = (0..<stretchCount).map { stretch in byPart.flatMap { $0[stretch] } }
        let termBytes = index.terms.map(\.utf8.count)
        let laidOut = concurrentMap(stretchCount) { stretch in
            members[stretch].map { number -> (rank: UInt64, number: Int) in
                (PairKey.mapped(pairs[number].key, through: ranks), number)
            }.sorted { $0.rank < $1.rank }.map { _, number -> (number: Int, size: Int) in
                let (first, second) = PairKey.halves(pairs[number].key)
                return (number, termBytes[first] + 1 + termBytes[second] + pairs[number].facts.encodedLength + 6)
            }
        }.flatMap { $0 }
        let sorted = laidOut.map(\.number)
        let name = { @Sendable (position: Int) -> String in
            let (first, second) = PairKey.halves(pairs[sorted[position]].key)
            return index.term(first) + " " + index.term(second)
        }
        // Each term hashed once, not once for every pair it is in.
        let termKeys = concurrentMap(index.terms.count) { ContentHash(index.term($0)) }
        let ranges = ShardPacker.files(sizes: laidOut.map(\.size), target: Self.pairShardBytes) { position in
            let (first, second) = PairKey.halves(pairs[sorted[position]].key)
            return termKeys[first].high &* 0x9E37_79B9_7F4A_7C15 ^ termKeys[second].low
        }
        let keys = seed.map { seed in
            concurrentMap(ranges.count) { shard in
                var hasher = ContentHasher()
                hasher.add(seed)
                hasher.add("pairs")
                hasher.add(ranges[shard].count)
                for position in ranges[shard] {
                    let (first, second) = PairKey.halves(pairs[sorted[position]].key)
                    hasher.add(termKeys[first])
                    hasher.add(termKeys[second])
                    hasher.add(pairs[sorted[position]].facts.hash)
                }
                return hasher.finish()
            }
        }
        let files = ranges.enumerated().map { number, range in
            IndexOutput.File("pairs-\(number)", key: keys?[number]) {
                PairShard.json(pairs: range.map(name)) { place, output in
                    DocSetCoder.append(pairs[sorted[range.lowerBound + place]].documents, to: &output)
                }
            }
        }
        return (files, ShardPacker.boundaries(shards: ranges, key: name))
    }

    /// The pairs of an index's parts, by `part << 32 | place`.
    struct PairList: Sendable {
        let parts: [[(key: UInt64, documents: [Int32], facts: PairTable.Facts)]]

        subscript(number: Int) -> (key: UInt64, documents: [Int32], facts: PairTable.Facts) {
            parts[number >> 32][number & 0xFFFF_FFFF]
        }
    }

    func wordShards(_ index: InvertedIndex) -> Shards {
        let keys = index.words.keys.sorted(by: ShardPacker.precedes)
        let values = keys.map { word in
            let term = index.words[word]!
            return WordEntry(term: term, documents: index.postings[index.id(ofTerm: term)!].documents.count)
        }
        let sizes = zip(keys, values).map { $0.utf8.count + $1.term.utf8.count + 16 }
        return shards("words", keys: keys, sizes: sizes, target: Self.wordShardBytes) { range in
            WordShard.json(words: Array(keys[range])) { values[range.lowerBound + $0] }
        }
    }

    /// Keys packed into shards of about `target` bytes, each shard's JSON made by `json` from its range of keys.
    func shards(_ prefix: String, keys: [String], sizes: [Int], target: Int, json: @escaping @Sendable (Range<Int>) -> Data) -> Shards {
        let ranges = ShardPacker.files(keys: keys, sizes: sizes, target: target)
        let files = ranges.enumerated().map { number, range -> IndexOutput.File in
            IndexOutput.File("\(prefix)-\(number)") { json(range) }
        }
        return (files, ShardPacker.boundaries(keys: keys, shards: ranges))
    }

    /// A document's excerpts are taken from `memo` when its source and the weights of its terms
    /// are those the last build chose them from (`Excerpt.Weights.documentKeys`). A shard's key
    /// (with a `seed`) covers the same for each of its documents, and its place, address and lengths.
    func docShards(_ site: LinkedSite, index: InvertedIndex, settings: SearchSettings, memo: MemoFile, next: MemoWriter?, seed: ContentHash?) -> [IndexOutput.File] {
        let size = Self.docsPerShard
        let weights = Excerpt.Weights(index: index)
        // Each picker holds scratch arrays as long as the index has terms: a shard of four
        // documents reuses one instead of making its own.
        let pool = Pool { Excerpt(weights: weights, tokenizer: SearchTokenizer(settings: settings)) }
        let excerptKeys = zip(site.pages.indices, weights.documentKeys(index)).map { number, weightKey in
            var hasher = ContentHasher()
            hasher.add(site.pages[number].page.sourceHash)
            hasher.add(weightKey)
            return hasher.finish()
        }
        // Read here, not through the site in each shard's key (which copied every page to read its address).
        let outputPaths = site.pages.indices.map { site.pages[$0].outputPath }
        return stride(from: 0, to: site.pages.count, by: size).map { first -> IndexOutput.File in
            let ids = first..<min(first + size, site.pages.count)
            let key = seed.map { seed in
                var hasher = ContentHasher()
                hasher.add(seed)
                hasher.add("docs")
                hasher.add(first)
                hasher.add(ids.count)
                for id in ids {
                    hasher.add(excerptKeys[id])
                    hasher.add(outputPaths[id])
                    for length in index.lengths(of: id) { hasher.add(length) }
                }
                return hasher.finish()
            }
            // A kept shard's excerpts stay in the memo for a later build that needs them.
            return IndexOutput.File("docs-\(first / size)", key: key, whenKept: { for id in ids { next?.keep(excerptKeys[id]) } }) {
                var excerpts = pool.take()
                defer { pool.give(back: excerpts) }
                let docs = ids.map { id in
                    var record = record(site.pages[id], id: id, settings: settings)
                    let shown = [record.title, record.summary]
                    record.sections = memo.value(for: excerptKeys[id], next: next, decode: Excerpt.readSections, encode: Excerpt.write) {
                        excerpts.sections(of: site.sections(of: id), shown: shown)
                    }
                    record.lengths = index.lengths(of: id)
                    return record
                }
                return DocShard(first: first, docs: docs).json
            }
        }
    }
}

/// Index files waiting to be encoded; JSON encoding is the slowest step, so it runs on every core.
struct IndexOutput: Sendable {
    struct File: Sendable {
        /// `docs-3`.
        var name: String
        /// What lets the last build's file be kept (nil: always made).
        var key: ContentHash?
        var encode: @Sendable () -> Data
        /// Called instead of `encode` when the last build's file is kept.
        var whenKept: (@Sendable () -> Void)?

        init(_ name: String, key: ContentHash? = nil, whenKept: (@Sendable () -> Void)? = nil, encode: @escaping @Sendable () -> Data) {
            self.name = name
            self.key = key
            self.encode = encode
            self.whenKept = whenKept
        }
    }
    private var pending: [File] = []

    mutating func add(_ files: [File]) { pending += files }

    /// Encodes every file on every core and hands each on at once (its `.json` and `.js` forms),
    /// except a form `keep` keeps; returns the encoded JSON only when asked to keep it.
    @discardableResult
    func encodeAll(emit: @Sendable (RenderedFile) -> Void, keep: @Sendable (String, ContentHash) -> Bool = { _, _ in false },
                   keeping: Bool = true) -> [String: Data] {
        let results = ConcurrentResults<Data>(count: keeping ? pending.count : 0)
        let pending = self.pending
        DispatchQueue.concurrentPerform(iterations: pending.count) { number in
            let file = pending[number]
            let forms = IndexFileEncoder.paths(file.name)
            let made = file.key.map { key in forms.map { !keep($0, key) } } ?? [true, true]
            guard keeping || made.contains(true) else {
                file.whenKept?()
                return
            }
            let json = file.encode()
            for (form, isMade) in zip(IndexFileEncoder.files(file.name, json: json), made) where isMade {
                var form = form
                form.renderKey = file.key
                emit(form)
            }
            if keeping { results[number] = json }
        }
        return keeping ? Dictionary(uniqueKeysWithValues: zip(pending.map(\.name), results.takeAll())) : [:]
    }
}
