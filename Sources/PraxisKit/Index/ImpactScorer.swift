import Foundation

/// BM25 with field weights, computed once at build time for every (term, document): the term's
/// score in each field, times the field's weight, summed, times the term's rarity (idf).
///
///     score = idf · Σ_field weight · tf·(k1+1) / (tf + k1·(1 − b + b·length/averageLength))
///     idf   = ln(1 + (N − df + 0.5) / (df + 0.5))
///
/// Scores are per term, so a query only adds up the impacts of its terms.
struct ImpactScorer: Sendable {
    static let k1 = 1.2

    let index: InvertedIndex
    /// Per field, then per document: `k1 · (1 − b + b · length/averageLength)`, the part of BM25's
    /// denominator that depends on the document alone, made once instead of once per posting.
    private let lengthTerms: [[Double]]
    /// Each field's average length, as the scores are made with it (`averageLengths`).
    private let averages: [Double]

    /// What every impact depends on besides its term's postings and their documents' lengths: the
    /// number of documents and the average lengths. A build whose scorer has the key of the last
    /// one's finds every impact of a term no changed page has unchanged (`ScoredTerms`).
    let key: ContentHash

    init(index: InvertedIndex) {
        self.index = index
        let averageLengths = Self.averageLengths(index)
        var hasher = ContentHasher()
        hasher.add(index.documentCount)
        for length in averageLengths { hasher.add(Int(bitPattern: UInt(length.bitPattern))) }
        key = hasher.finish()
        averages = averageLengths
        lengthTerms = SearchField.allCases.map { field in
            (0..<index.documentCount).map { document in
                Self.lengthTerm(index.length(of: document, in: field), average: averageLengths[field.index], in: field)
            }
        }
    }

    /// `k1 · (1 − b + b · length/averageLength)` for a field's length in one document.
    private static func lengthTerm(_ length: Int, average: Double, in field: SearchField) -> Double {
        let b = field.lengthNormalisation
        return k1 * (1 - b + b * (Double(length) / average))
    }

    private static func idf(documents: Int, of total: Int) -> Double {
        let (df, n) = (Double(documents), Double(total))
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// One field's part of a score, before the term's rarity.
    @inline(__always)
    private static func fieldScore(_ tf: Double, _ lengthTerm: Double, in field: SearchField) -> Double {
        field.weight * tf * (k1 + 1) / (tf + lengthTerm)
    }

    /// The impact the term at `place` in a page's `terms` has in that page, for a term in
    /// `documents` documents: what `impacts(of:)` gives the page when the index holds these terms
    /// (the counts as the index keeps them, at most 255, and the page's lengths).
    func impact(of terms: DocumentTerms, at place: Int, documents: Int) -> Int {
        let idf = Self.idf(documents: documents, of: index.documentCount)
        var score = 0.0
        for field in SearchField.allCases {
            let tf = Double(min(255, terms.count(of: place, in: field)))
            guard tf > 0 else { continue }
            score += Self.fieldScore(tf, Self.lengthTerm(terms.lengths[field.index], average: averages[field.index], in: field), in: field)
        }
        return ImpactScale.impact(of: idf * score)
    }

    /// The average length of each field, to three significant digits (329.36 words is 329): one
    /// edited page moves a large site's averages by a few thousandths of a word, which then leaves
    /// every impact as it was, so a rebuild scores again only the terms of the pages it changed.
    /// The manifest gives the same values.
    static func averageLengths(_ index: InvertedIndex) -> [Double] {
        index.averageLengths.map(threeDigits)
    }

    /// `length` (at least 1) to three significant digits, as the double nearest that decimal:
    /// scaled by a whole power of ten, so that 13.72 becomes 137 / 10.
    static func threeDigits(_ length: Double) -> Double {
        let places = 2 - Int(floor(log10(length)))
        let scale = pow(10, Double(abs(places)))
        return places > 0 ? (length * scale).rounded() / scale : (length / scale).rounded() * scale
    }

    /// A term's entry in its shard (`entry(_:impacts:exact:)`).
    func entry(of postings: InvertedIndex.Postings, exact: Int) -> TermEntry {
        Self.entry(postings.documents, impacts: impacts(of: postings), exact: exact)
    }

    func impacts(of postings: InvertedIndex.Postings) -> [Int] {
        let idf = Self.idf(documents: postings.documents.count, of: index.documentCount)
        return ImpactScale.withSteps { steps in
            postings.documents.indices.map { posting in
                var score = 0.0
                for field in SearchField.allCases {
                    let tf = Double(postings.count(posting, in: field))
                    guard tf > 0 else { continue }
                    score += Self.fieldScore(tf, lengthTerms[field.index][Int(postings.documents[posting])], in: field)
                }
                return ImpactScale.impact(of: idf * score, steps: steps)
            }
        }
    }

    /// A term's postings as written: the `exact` documents with the highest impacts keep their own;
    /// the rest (only for common terms) share the median of theirs, which is never above the
    /// lowest kept one, so the best documents for a single term always rank exactly. This keeps a
    /// term that appears in most documents to a bitmap plus a few hundred impacts.
    static func entry(_ documents: [Int32], impacts: [Int], exact: Int) -> TermEntry {
        // Postings are in document order, so among equal impacts the lower id comes first: the
        // highest impacts are found by counting them, not by sorting every posting.
        let kept = highest(exact, of: impacts)
        var isKept = [Bool](repeating: false, count: documents.count)
        for posting in kept { isKept[posting] = true }
        let shared = documents.indices.filter { !isKept[$0] }
        let impactText = String(decoding: kept.map { DocSetCoder.digit(impacts[$0]) }, as: UTF8.self)
        var entry = TermEntry(docs: DocSetCoder.encode(kept.map { Int(documents[$0]) }), impacts: impactText)
        if !shared.isEmpty {
            entry.more = DocSetCoder.encode(shared.map { Int(documents[$0]) })
            entry.moreImpact = median(shared.map { impacts[$0] })
        }
        return entry
    }

    /// The middle one (the upper of the two middle ones) of impacts, as sorting them would find
    /// it, found by counting each impact (there are 64).
    static func median(_ impacts: [Int]) -> Int {
        let withImpact = counts(impacts)
        var (impact, below) = (0, withImpact[0])
        while below <= impacts.count / 2 {
            impact += 1
            below += withImpact[impact]
        }
        return impact
    }

    /// The places of the `count` highest impacts, in place order; among equal impacts the first
    /// places count first.
    private static func highest(_ count: Int, of impacts: [Int]) -> [Int] {
        guard impacts.count > count else { return Array(impacts.indices) }
        let withImpact = counts(impacts)
        // The lowest impact kept, and how many of the postings with it are kept.
        var threshold = ImpactScale.maximum, above = 0
        while above + withImpact[threshold] < count {
            above += withImpact[threshold]
            threshold -= 1
        }
        var room = count - above
        return impacts.indices.filter { place in
            if impacts[place] > threshold { return true }
            guard impacts[place] == threshold, room > 0 else { return false }
            room -= 1
            return true
        }
    }

    /// How many of `impacts` have each impact, 0 to `ImpactScale.maximum`.
    private static func counts(_ impacts: [Int]) -> [Int] {
        var withImpact = [Int](repeating: 0, count: ImpactScale.maximum + 1)
        for impact in impacts { withImpact[impact] += 1 }
        return withImpact
    }
}
