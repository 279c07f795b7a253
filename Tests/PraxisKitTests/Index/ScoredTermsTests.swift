import Foundation
import Testing
@testable import PraxisKit

/// A rebuild that patches the last build's index scores again only the terms whose entries may
/// have changed (`ScoredTermsBefore.settled(by:)`); every other term keeps the last build's facts,
/// so those must be the facts scoring it again would give.
@Suite("Terms scored again")
struct ScoredTermsTests {
    /// Each term's facts, by id, as a build would keep them.
    static func facts(_ index: InvertedIndex, _ scorer: ImpactScorer) -> [ShardEntryFacts] {
        index.terms.indices.map { ShardEntryFacts(scorer.entry(of: index.postings[$0], exact: 20)) }
    }

    /// Document `number` of the inverted index tests' texts replaced by `text`: the terms the
    /// change leaves touched, and whether each term's facts are still the last build's.
    static func settle(_ number: Int, to text: String) throws -> (touched: [String], changed: [String], pageTerms: Int) {
        let before = InvertedIndexTests.merged(inBatchesOf: 64)
        let scorerBefore = ImpactScorer(index: before)
        let last = ScoredTerms(scorer: scorerBefore.key, facts: facts(before, scorerBefore))
        let (old, new) = (InvertedIndexTests.terms(InvertedIndexTests.texts[number]), InvertedIndexTests.terms(text))
        var patched = before
        let replaced = patched.replace(number, old: old, new: new)
        try #require(replaced)
        patched.finish()
        let scorer = ImpactScorer(index: patched)
        try #require(scorer.key == scorerBefore.key, "the averages, to three digits, are the last build's")
        var touched = [Bool](repeating: false, count: patched.terms.count)
        for term in old.terms + new.terms { touched[try #require(patched.id(ofTerm: term))] = true }
        let settled = ScoredTermsBefore(terms: last, touched: touched, changes: [.init(old: old, new: new)]).settled(by: scorer)
        let now = facts(patched, scorer)
        for id in patched.terms.indices where !settled.touched[id] {
            #expect(settled.facts(of: id, scorer: scorer.key) == now[id], "\(patched.term(id)): taken over, so as scoring it again gives")
        }
        let changed = patched.terms.indices.filter { $0 >= last.facts.count || last.facts[$0] != now[$0] }.map(patched.term)
        return (patched.terms.indices.filter { settled.touched[$0] }.map(patched.term), changed, Set(old.terms + new.terms).count)
    }

    @Test func aSentenceAddedLeavesMostOfThePagesTermsAsTheyWere() throws {
        let text = InvertedIndexTests.texts[3] + " w1x w2x newword"
        let (touched, changed, pageTerms) = try Self.settle(3, to: text)
        #expect(Set(changed).isSubset(of: touched), "every entry that changed is scored again")
        #expect(touched.contains("newword"), "a term the page gained: one document more")
        #expect(touched.count * 2 < pageTerms, "\(touched.count) of the page's \(pageTerms) terms scored again: \(touched)")
    }

    @Test func aWordTakenOutAndOneCountChangedAreScoredAgain() throws {
        let words = InvertedIndexTests.texts[5].split(separator: " ").map(String.init)
        let gone = try #require(words.first { word in words.filter { $0 == word }.count == 1 && !InvertedIndexTests.title(InvertedIndexTests.texts[5]).contains(word) })
        // The same length: one word in place of another, which the page then has twice.
        let kept = try #require(words.last { $0 != gone })
        let text = words.map { $0 == gone ? kept : $0 }.joined(separator: " ")
        let (touched, changed, _) = try Self.settle(5, to: text)
        #expect(Set(changed).isSubset(of: touched))
        #expect(touched.contains(gone), "a term the page lost: one document fewer")
        #expect(changed.contains(gone))
    }
}
