import Foundation

extension ScannedText {
    /// The run of whole tokens of at most `budget` characters (counting one space between tokens
    /// and a `…` at each end that cuts text) whose distinct terms weigh most; ties go to the
    /// earlier. One pass: the window's end only moves forward as its start does.
    ///
    /// The window's score is a `Float` sum that terms join and leave in token order: the order of
    /// those additions and subtractions decides ties, and must stay as it is.
    func best(within budget: Int, numbering local: inout [Int32], weight: (Int32) -> Float) -> (text: String, terms: [Int32]) {
        if length <= budget { return (joined(0..<count), terms) }
        // Terms numbered densely for this section, with their weights and counts in the window;
        // `local` (all -1 between calls) holds each term's number while this runs.
        var weights: [Float] = []
        let numbered = local.withUnsafeMutableBufferPointer { local in
            terms.map { term -> Int32 in
                if local[Int(term)] >= 0 { return local[Int(term)] }
                local[Int(term)] = Int32(weights.count)
                weights.append(weight(term))
                return Int32(weights.count - 1)
            }
        }
        defer { for term in terms { local[Int(term)] = -1 } }
        var counts = [Int32](repeating: 0, count: weights.count)
        let found = numbered.withUnsafeBufferPointer { numbered in
            weights.withUnsafeBufferPointer { weights in
                counts.withUnsafeMutableBufferPointer { counts in
                    lengths.withUnsafeBufferPointer { lengths in
                        firstTerm.withUnsafeBufferPointer { firstTerm in
                            Self.window(within: budget, numbered: numbered, weights: weights, counts: counts, lengths: lengths, firstTerm: firstTerm)
                        }
                    }
                }
            }
        }
        guard found.upperBound > found.lowerBound else { return (Excerpt.cut(joined(0..<count), length: budget), []) }
        var text = joined(found)
        if found.upperBound < count { text = Excerpt.trimmed(text) + "…" }
        if found.lowerBound > 0 { text = "…" + text }
        return (text, Array(terms(of: found)))
    }
}

private extension ScannedText {
    /// The best window's tokens (empty when no token fits): `numbered` are the tokens' terms as
    /// numbered by `best`, `counts` all zero.
    static func window(within budget: Int, numbered: UnsafeBufferPointer<Int32>, weights: UnsafeBufferPointer<Float>,
                       counts: UnsafeMutableBufferPointer<Int32>, lengths: UnsafeBufferPointer<Int32>,
                       firstTerm: UnsafeBufferPointer<Int32>) -> Range<Int> {
        let tokenCount = lengths.count
        var best = (score: Float(-1), start: 0, end: 0)
        var end = 0, used = 0, score: Float = 0
        for start in 0..<tokenCount {
            if end < start { end = start; used = 0; score = 0 }
            // Width of tokens start..<end + 1: the tokens, the spaces between them and the ellipses.
            let ellipsisBefore = start > 0 ? 1 : 0
            while end < tokenCount {
                let width = used + Int(lengths[end]) + (end - start) + ellipsisBefore + (end + 1 < tokenCount ? 1 : 0)
                guard width <= budget else { break }
                for position in Int(firstTerm[end])..<Int(firstTerm[end + 1]) {
                    let term = Int(numbered[position])
                    if counts[term] == 0 { score += weights[term] }
                    counts[term] += 1
                }
                used += Int(lengths[end])
                end += 1
            }
            guard end > start else { continue }
            if score > best.score { best = (score, start, end) }
            for position in Int(firstTerm[start])..<Int(firstTerm[start + 1]) {
                let term = Int(numbered[position])
                counts[term] -= 1
                if counts[term] == 0 { score -= weights[term] }
            }
            used -= Int(lengths[start])
        }
        return best.start..<best.end
    }
}
