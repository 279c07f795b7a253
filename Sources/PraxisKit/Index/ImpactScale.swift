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
        steps.withUnsafeBufferPointer { impact(of: score, steps: $0) }
    }

    /// `impact(of:)` with `steps` at hand, for a loop over many scores (`withSteps`).
    static func impact(of score: Double, steps: UnsafeBufferPointer<Double>) -> Int {
        guard score > base else { return 0 }
        // Found among the scores where the impact steps up (a build has millions of postings,
        // a logarithm each is slow); a score too close to one of them to tell is computed.
        var (impact, width) = (0, 32)
        while width > 0 {
            if impact + width <= maximum, steps[impact + width] <= score { impact += width }
            width >>= 1
        }
        if impact > 0, score - steps[impact] <= steps[impact] * 1e-9 { return computed(score) }
        if impact < maximum, steps[impact + 1] - score <= steps[impact + 1] * 1e-9 { return computed(score) }
        return impact
    }

    /// The impact of a score by the formula itself.
    static func computed(_ score: Double) -> Int {
        guard score > base else { return 0 }
        return min(maximum, Int((log(score / base) / step).rounded()))
    }

    /// `body` given the steps `impact(of:steps:)` looks scores up in.
    static func withSteps<Result>(_ body: (UnsafeBufferPointer<Double>) -> Result) -> Result {
        steps.withUnsafeBufferPointer(body)
    }

    /// `steps[i]`: the score from which the impact is `i` (for i ≥ 1), half a step below `score(of: i)`.
    private static let steps = (0...maximum).map { base * exp((Double($0) - 0.5) * step) }

    static func score(of impact: Int) -> Double { base * exp(Double(impact) * step) }
}
