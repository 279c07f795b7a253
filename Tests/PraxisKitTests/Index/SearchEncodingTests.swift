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

    @Test func impactsKeepTheirOrderWithinAFewPercent() {
        for score in [0.05, 0.5, 1, 7.3, 42, 300] {
            let back = ImpactScale.score(of: ImpactScale.impact(of: score))
            #expect(abs(back - score) / score < 0.09)
        }
        #expect(ImpactScale.impact(of: 0.001) == 0)
        #expect(ImpactScale.impact(of: 1e9) == 63)
    }
}
