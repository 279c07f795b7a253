import Testing
@testable import PraxisKit

/// `PairTable` took the place of a `[UInt64: [Int32]]` in `InvertedIndex`: after any run of the
/// operations the index makes (appends while merging; takes, changes and puts back while
/// patching), it must hold what that dictionary holds.
@Suite("Pair table")
struct PairTableTests {
    @Test func holdsWhatADictionaryHolds() {
        var table = PairTable()
        var reference: [UInt64: [Int32]] = [:]
        var random = SeededGenerator(seed: 64)
        // Keys as term-id pairs: small ids, and keys that differ only in their high half.
        let keys: [UInt64] = (0..<3000).map { _ in PairKey.make(Int.random(in: 0..<60, using: &random), Int.random(in: 0..<60, using: &random)) }
            + [0, 1, 1 << 32, UInt64(UInt32.max) << 32 | UInt64(UInt32.max)]
        for document in Int32(0)..<400 {
            for _ in 0..<Int.random(in: 0..<40, using: &random) {
                let key = keys.randomElement(using: &random)!
                if reference[key]?.last == document { continue }
                table.append(document, to: key)
                reference[key, default: []].append(document)
            }
        }
        #expect(Self.contents(table) == reference)
        for _ in 0..<2000 {
            let key = keys.randomElement(using: &random)!
            #expect(table[key] == reference[key])
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                #expect(table.removeValue(forKey: key) == reference.removeValue(forKey: key))
            case 1:
                var documents = table.removeValue(forKey: key) ?? []
                #expect(documents == reference[key] ?? [])
                if !documents.isEmpty { documents.removeFirst() }
                if !documents.isEmpty { table.updateValue(documents, forKey: key) }
                reference[key] = documents.isEmpty ? nil : documents
            default:
                let documents = [Int32(Int.random(in: 0..<9, using: &random))]
                #expect(table.updateValue(documents, forKey: key) == reference.updateValue(documents, forKey: key))
            }
        }
        #expect(Self.contents(table) == reference)
    }

    static func contents(_ table: PairTable) -> [UInt64: [Int32]] {
        var contents: [UInt64: [Int32]] = [:]
        for (key, documents, _) in table.pairs {
            #expect(contents.updateValue(documents, forKey: key) == nil, "a key listed twice")
        }
        return contents
    }
}
