import Foundation

/// BM25 with field weights, computed once at build time for every (term, document): the term's
/// score in each field, times the field's weight, summed, times the term's rarity (idf).
///
///     score = idf · Σ_field weight · tf·(k1+1) / (tf + k1·(1 − b + b·length/averageLength))
///     idf   = ln(1 + (N − df + 0.5) / (df + 0.5))
///
/// Scores are per term, so a query only adds up the impacts of its terms.
struct ImpactScorer {
    static let k1 = 1.2

    let index: InvertedIndex
    let averageLengths: [Double]

    init(index: InvertedIndex) {
        self.index = index
        averageLengths = index.averageLengths
    }

    func impacts(of postings: InvertedIndex.Postings) -> [Int] {
        let df = Double(postings.documents.count), n = Double(index.documentCount)
        let idf = log(1 + (n - df + 0.5) / (df + 0.5))
        return postings.documents.indices.map { posting in
            var score = 0.0
            for field in SearchField.allCases {
                let tf = Double(postings.count(posting, in: field))
                guard tf > 0 else { continue }
                let b = field.lengthNormalisation
                let relative = Double(index.length(of: Int(postings.documents[posting]), in: field)) / averageLengths[field.index]
                score += field.weight * tf * (Self.k1 + 1) / (tf + Self.k1 * (1 - b + b * relative))
            }
            return ImpactScale.impact(of: idf * score)
        }
    }

    /// A term's postings as written: the `exact` documents with the highest impacts keep their own;
    /// the rest (only for common terms) share the median of theirs, which is never above the
    /// lowest kept one, so the best documents for a single term always rank exactly. This keeps a
    /// term that appears in most documents to a bitmap plus a few hundred impacts.
    static func entry(_ documents: [Int32], impacts: [Int], exact: Int) -> TermEntry {
        // Postings are in document order, so among equal impacts the lower id comes first.
        let byImpact = documents.indices.sorted { (impacts[$0], $1) > (impacts[$1], $0) }
        let kept = byImpact.prefix(exact).sorted()
        let shared = byImpact.dropFirst(exact).sorted()
        let impactText = String(decoding: kept.map { DocSetCoder.digit(impacts[$0]) }, as: UTF8.self)
        var entry = TermEntry(docs: DocSetCoder.encode(kept.map { Int(documents[$0]) }), impacts: impactText)
        if !shared.isEmpty {
            let sharedImpacts = shared.map { impacts[$0] }.sorted()
            entry.more = DocSetCoder.encode(shared.map { Int(documents[$0]) })
            entry.moreImpact = sharedImpacts[sharedImpacts.count / 2]
        }
        return entry
    }
}
