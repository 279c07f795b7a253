import Foundation

/// A term's BM25 score in one document, stored as one character: `score ≈ base · e^(impact · step)`.
/// A logarithmic scale keeps the same relative precision (about ±8 %) for a rare word in a title
/// and a common word deep in a body, from 0.02 to about 480; the query adds impacts up instead of
/// recomputing BM25, so it needs no per-document lengths for the thousands of documents it scores.
enum ImpactScale {
    static let base = 0.02
    static let step = 0.16
    static let maximum = 63

    static func impact(of score: Double) -> Int {
        guard score > base else { return 0 }
        return min(maximum, Int((log(score / base) / step).rounded()))
    }

    static func score(of impact: Int) -> Double { base * exp(Double(impact) * step) }
}
