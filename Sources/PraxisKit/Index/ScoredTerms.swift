extension ShardEntryFacts {
    /// The facts of a term's entry in its shard.
    init(_ entry: TermEntry) {
        var hasher = ContentHasher()
        hasher.add(entry.docs)
        hasher.add(entry.impacts)
        hasher.add(entry.more ?? "")
        hasher.add(entry.moreImpact ?? -1)
        // The entry's bytes in a shard, less its term's.
        self.init(encodedLength: entry.docs.utf8.count + entry.impacts.utf8.count + (entry.more?.utf8.count ?? 0) + 40, hash: hasher.finish())
    }
}

/// The facts of every term's entry in one build's term shards (`ShardEntryFacts`), by rank
/// (`InvertedIndex.order`), with the key of the scorer that made the entries. A build keeps them
/// with its index (`IndexSnapshot`). The next build that patches that index takes them over for
/// every term that no changed page has, when its scorer's key is the same (`ImpactScorer.key`):
/// such a term's postings, their documents' lengths and the scorer are all as they were, so its
/// entry is too. Only the terms of the changed pages are scored again, and only the shards they
/// fall in are encoded again; the others keep their files (by their keys, which the facts make).
struct ScoredTerms: Sendable, Equatable {
    var scorer: ContentHash
    var facts: [ShardEntryFacts]
    /// How many of the entries this build scored (all of them, unless it patched an index); not kept.
    var scoredAgain: Int

    init(scorer: ContentHash, facts: [ShardEntryFacts], scoredAgain: Int? = nil) {
        self.scorer = scorer
        self.facts = facts
        self.scoredAgain = scoredAgain ?? facts.count
    }
}

/// The scored terms of the index a build patched (`IndexSnapshot`), and which of its terms the
/// patch touched (by id in the patched index, whose first ids are the snapshot's ranks): the
/// pages it changed had them before or have them now.
struct ScoredTermsBefore: Sendable {
    var terms: ScoredTerms
    var touched: [Bool]
    /// The pages the patch changed, each with its terms in the snapshot and now.
    var changes: [Change] = []

    struct Change: Sendable {
        var old: DocumentTerms
        var new: DocumentTerms
    }

    /// `touched` less each term whose entry is known to be as it was, with `scorer` the last
    /// build's (its key): in every changed page the term was there before and is there now with
    /// the same impact, or was in neither. Its documents are then the same, so are the other
    /// documents' impacts (their postings and lengths, and the scorer, are), and so is the
    /// changed page's. A page whose text grew by a sentence keeps most of its terms' impacts
    /// (each stands for a range of scores about 16 % wide, `ImpactScale`), so a rebuild scores
    /// again only the terms whose impact moved or which the page gained or lost.
    func settled(by scorer: ImpactScorer) -> ScoredTermsBefore {
        guard scorer.key == terms.scorer, !changes.isEmpty else { return self }
        let places = changes.map { change in
            (old: Self.places(change.old), new: Self.places(change.new))
        }
        var settled = self
        for id in touched.indices where touched[id] && id < scorer.index.terms.count {
            let term = scorer.index.term(id)
            let documents = scorer.index.postings[id].documents.count
            let same = zip(changes, places).allSatisfy { change, place in
                switch (place.old[term], place.new[term]) {
                case (nil, nil): true
                case let (old?, new?):
                    scorer.impact(of: change.old, at: old, documents: documents) == scorer.impact(of: change.new, at: new, documents: documents)
                default: false
                }
            }
            if same { settled.touched[id] = false }
        }
        return settled
    }

    /// Each term of a page's terms with its place among them.
    private static func places(_ terms: DocumentTerms) -> [String: Int] {
        Dictionary(terms.terms.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The facts of term `id` as the last build's, when they are known to be this build's too.
    func facts(of id: Int, scorer: ContentHash) -> ShardEntryFacts? {
        guard scorer == terms.scorer, id < terms.facts.count, id < touched.count, !touched[id] else { return nil }
        return terms.facts[id]
    }
}
