import Foundation
import Testing
@testable import PraxisKit

@Suite("Search index encodings")
struct SearchEncodingTests {
    @Test func picksTheShortestEncoding() {
        #expect(DocSetCoder.encode([]) == "g")
        #expect(DocSetCoder.encode([0, 1, 2]) == "bH")                  // bits 0–2: value 7
        #expect(DocSetCoder.encode(Array(100..<200)) == "rkDjD")     // one run: gap 100, length 100 (99 stored)
        #expect(DocSetCoder.encode(Array(stride(from: 0, to: 60, by: 2))).hasPrefix("b"))
        #expect(DocSetCoder.encode([1000]) == "gof")                // 1000 = 8 + 31·32: two characters
    }

    @Test func everyEncodingRoundTrips() {
        var generator = SystemRandomNumberGenerator()
        for density in [0.001, 0.05, 0.3, 0.9, 1.0] {
            let ids = (0..<3000).filter { _ in Double.random(in: 0..<1, using: &generator) < density }
            #expect(DocSetCoder.decode(DocSetCoder.encode(ids)) == ids)
        }
        #expect(DocSetCoder.decode("x") == nil)
        #expect(DocSetCoder.decode("g!") == nil)
    }

    /// Shards are laid out by `encodedLength` before anything is encoded: it must be the length
    /// of what `encode` writes, whichever form wins, for every kind of set.
    @Test func theLengthOfASetIsKnownWithoutEncodingIt() {
        var generator = SystemRandomNumberGenerator()
        var sets: [[Int]] = [[], [0], [31], [32], [1023], [1024], [0, 1, 2], Array(100..<200), Array(stride(from: 0, to: 60, by: 2)), [5, 6, 7, 40, 41, 1_000_000]]
        for density in [0.001, 0.05, 0.3, 0.6, 0.9, 1.0] {
            sets.append((0..<3000).filter { _ in Double.random(in: 0..<1, using: &generator) < density })
        }
        for ids in sets {
            #expect(DocSetCoder.encodedLength(ids.map(Int32.init)) == DocSetCoder.encode(ids).utf8.count, "\(ids.prefix(8))…")
        }
    }

    /// Shard ends come from the items near them (`ShardPacker.files`): a key added early on, or
    /// one list grown, leaves the shards away from it as they were, which a rebuild then keeps.
    @Test func aKeyAddedChangesOnlyTheShardsAroundIt() {
        var generator = SeededGenerator(seed: 11)
        let keys = (0..<20_000).map { "key\($0)" }
        let sizes = keys.map { _ in Int.random(in: 20...200, using: &generator) }
        let target = 16_000
        let before = ShardPacker.files(keys: keys, sizes: sizes, target: target)
        // Within bounds: each shard ends by its last key's hash once it holds half the target, or
        // before passing one and a half times the target; the shards hold every key once.
        #expect(before.first?.lowerBound == 0 && before.last?.upperBound == keys.count)
        #expect(zip(before, before.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        let bytes = before.map { sizes[$0].reduce(0, +) }
        #expect(bytes.allSatisfy { $0 <= target + target / 2 }, "at most one and a half times the target")
        #expect(bytes.dropLast().allSatisfy { $0 >= target / 2 - 200 }, "at least about half the target")
        let average = Double(bytes.reduce(0, +)) / Double(bytes.count)
        #expect(average > Double(target) * 0.7 && average < Double(target) * 1.2, "about the target on average: \(average)")

        // A key added near the start, and another key's list grown a little further on.
        var (changedKeys, changedSizes) = (keys, sizes)
        changedKeys.insert("key100a", at: 101)
        changedSizes.insert(150, at: 101)
        changedSizes[5_000] += 40
        let after = ShardPacker.files(keys: changedKeys, sizes: changedSizes, target: target)
        // The same shards, by their keys, but for those near the two changes.
        let named = { (ranges: [Range<Int>], keys: [String]) in Set(ranges.map { keys[$0] }) }
        let kept = named(before, keys).intersection(named(after, changedKeys))
        #expect(kept.count >= before.count - 6, "\(before.count - kept.count) of \(before.count) shards changed")
        // Packed one after another, many more of them would have moved (until the packing happens
        // to fall on the same ends again).
        let packed = (ShardPacker.pack(sizes: sizes, target: target), ShardPacker.pack(sizes: changedSizes, target: target))
        let movedPacked = packed.0.count - named(packed.0, keys).intersection(named(packed.1, changedKeys)).count
        #expect((before.count - kept.count) * 4 < movedPacked, "\(before.count - kept.count) against \(movedPacked) packed one after another")
    }

    @Test func shardDirectoriesUseShortestPrefixesAndJavaScriptOrder() {
        let keys = ["alpha", "alphabet", "beta", "betamax", "gamma", "é", "𝒜"]
        let boundaries = ShardPacker.boundaries(keys: keys, shards: [0..<2, 2..<4, 4..<5, 5..<7])
        #expect(boundaries == ["", "b", "g", "é"])
        for (index, key) in keys.enumerated() {
            #expect(ShardPacker.shard(of: key, in: boundaries) == [0, 0, 1, 1, 2, 3, 3][index])
        }
        // UTF-16 order puts a surrogate pair (U+1D49C) before U+FFFD; Swift's `<` would not.
        #expect(ShardPacker.precedes("𝒜", "\u{FFFD}"))
    }

    @Test func shardOrderIsJavaScriptOrderForEveryKindOfCharacter() {
        // ASCII, Latin, CJK, private use and U+FFFD (lead bytes EE/EF), and beyond U+FFFF.
        let alphabet: [Unicode.Scalar] = ["a", "b", "z", "0", "é", "ø", "中", "日", "\u{E000}", "\u{FFFD}", "\u{FF21}", "𝒜", "😀", "\u{10FFFF}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            func word() -> String {
                var scalars = String.UnicodeScalarView()
                for _ in 0..<Int.random(in: 0...4, using: &generator) { scalars.append(alphabet.randomElement(using: &generator)!) }
                return String(scalars)
            }
            let (a, b) = (word(), word())
            #expect(ShardPacker.precedes(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16), "\(a.unicodeScalars.map(\.value)) vs \(b.unicodeScalars.map(\.value))")
        }
    }

    @Test func compactJSONMatchesWhatADecoderReadsBack() throws {
        struct Sample: Codable, Equatable {
            var text: String
            var numbers: [Int]
            var ratio: Double
            var whole: Double
            var flag: Bool
            var missing: String?
            var nested: [String: [String]]
        }
        let tricky = "quote \" backslash \\ slash / newline \n tab \t nul \u{0} bell \u{7} line \u{2028} para \u{2029} é 😀"
        let sample = Sample(text: tricky, numbers: [0, -7, Int.max], ratio: 2.25, whole: 6, flag: true, missing: nil,
                            nested: ["b": ["x"], "a": [], "é": [tricky]])
        let data = try CompactJSONEncoder().encode(sample)
        let text = String(decoding: data, as: UTF8.self)
        #expect(try JSONDecoder().decode(Sample.self, from: data) == sample)
        #expect(text.hasSuffix("\"whole\":6}"))
        #expect(text.contains("\\u2028") && text.contains("\\u2029") && text.contains("\\u0000"))
        #expect(!text.contains("missing"))
        #expect(text.contains("\"nested\":{\"a\":[],\"b\":[\"x\"],\"é\""))   // keys in a fixed order
        #expect(try CompactJSONEncoder().encode(sample) == data)
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Double.nan]) }
    }

    @Test func impactsKeepTheirOrderWithinAFewPercent() {
        for score in [0.05, 0.5, 1, 7.3, 42, 300] {
            let back = ImpactScale.score(of: ImpactScale.impact(of: score))
            #expect(abs(back - score) / score < 0.09)
        }
        #expect(ImpactScale.impact(of: 0.001) == 0)
        #expect(ImpactScale.impact(of: 1e9) == 63)
    }

    /// Impacts are looked up among the scores where they step up, not computed with a logarithm:
    /// the lookup gives what the formula gives, also a hair's breadth either side of every step.
    @Test func theImpactLookupAgreesWithTheFormula() {
        var scores: [Double] = [0, 0.02, 0.0200001, 1e9, 480, 500]
        for impact in 0...ImpactScale.maximum + 1 {
            let step = ImpactScale.base * exp((Double(impact) - 0.5) * ImpactScale.step)
            scores += [step, step.nextUp, step.nextDown, step * (1 + 1e-10), step * (1 - 1e-10), step * 1.001, step * 0.999]
        }
        var generator = SystemRandomNumberGenerator()
        scores += (0..<20_000).map { _ in exp(Double.random(in: -5...7, using: &generator)) }
        for score in scores {
            #expect(ImpactScale.impact(of: score) == ImpactScale.computed(score), "score \(score)")
        }
    }

    /// Impacts are scored with each field's average length to three significant digits (the
    /// manifest's, written as the decimal it is), so one edited page rarely changes them.
    @Test func averageLengthsKeepThreeSignificantDigits() {
        let rounded = [329.36, 13.72, 4.456, 1, 8.3, 1234.5, 99.96, 2.0049, 999.5, 10, 100, 1000].map(ImpactScorer.threeDigits)
        #expect(rounded == [329, 13.7, 4.46, 1, 8.3, 1230, 100, 2.0, 1000, 10, 100, 1000])
        #expect(rounded.prefix(8).map { "\($0)" } == ["329.0", "13.7", "4.46", "1.0", "8.3", "1230.0", "100.0", "2.0"])
    }

    /// The impact shared by a common term's other documents is the median of theirs, counted, as sorting would give it.
    @Test func theSharedImpactIsTheMedian() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 10, 101, 1000] {
            let impacts = (0..<count).map { _ in Int.random(in: 0...ImpactScale.maximum, using: &generator) }
            #expect(ImpactScorer.median(impacts) == impacts.sorted()[count / 2])
        }
        #expect(ImpactScorer.median([0, 0, 63]) == 0)
        #expect(ImpactScorer.median([5, 63]) == 63)
    }
}
