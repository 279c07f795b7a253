import Foundation
import Testing
@testable import PraxisKit

/// The merge of every document's terms runs on every core, and a rebuild patches the last build's
/// index instead; what either makes must not depend on that.
@Suite("Inverted index")
struct InvertedIndexTests {
    /// 400 documents of words from a vocabulary of 900 (no stemming, no stop words), so that
    /// terms repeat across documents and fill every part the cores split the postings and pairs into.
    static let texts: [String] = {
        var generator = SeededGenerator(seed: 7)
        let vocabulary = (0..<900).map { "w\($0)x" }
        let texts = (0..<400).map { _ in
            (0..<Int.random(in: 20...120, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }.joined(separator: " ")
        }
        // One word 300 times: a count above 255 is kept as 255.
        return texts + [Array(repeating: "w17x", count: 300).joined(separator: " ")]
    }()

    /// A title of each text's first three words, and the text as the body.
    static func title(_ text: String) -> String { text.split(separator: " ").prefix(3).joined(separator: " ") }

    static func documents(_ texts: [String] = texts) -> [DocumentTerms] {
        texts.map(terms)
    }

    static func terms(_ text: String) -> DocumentTerms {
        var tokenizer = SearchTokenizer(settings: SearchSettings(language: "xx", stem: false, stopWords: ["the"], textFields: []))
        var terms = DocumentTerms()
        terms.add(title(text), to: .title, with: &tokenizer)
        terms.add(text, to: .body, with: &tokenizer)
        terms.finish()
        return terms
    }

    static func merged(inBatchesOf size: Int, _ texts: [String] = texts) -> InvertedIndex {
        let documents = documents(texts)
        var index = InvertedIndex()
        for start in stride(from: 0, to: documents.count, by: size) {
            let batch = Array(documents[start..<min(documents.count, start + size)])
            index.add(batch)
            var words: [String: InvertedIndex.WordUse] = [:]
            for document in batch { document.collectWords(into: &words) }
            index.add(words: words)
        }
        index.finish()
        return index
    }

    /// What the search files and "See also" are made of, by term rather than by term id: each
    /// term (in `order`) with its postings, each pair with its documents, the words and lengths.
    struct Contents: Equatable {
        var terms: [String]
        var postings: [[Int32]]
        var counts: [[UInt8]]
        var pairs: [String: [Int32]]
        var words: [String: String]
        var wordDocuments: [String: Int32]
        var lengths: [[Int]]

        init(_ index: InvertedIndex) {
            terms = index.order.map(index.term)
            postings = index.order.map { index.postings[$0].documents }
            counts = index.order.map { index.postings[$0].counts }
            pairs = Dictionary(uniqueKeysWithValues: index.pairs.map { ("\(index.term(Int($0.key >> 32))) \(index.term(Int($0.key & 0xFFFF_FFFF)))", $0.documents) })
            words = index.words
            wordDocuments = index.wordDocuments
            lengths = (0..<index.documentCount).map(index.lengths(of:))
        }
    }

    @Test func everyTermListsTheDocumentsItOccursInWithItsCounts() {
        let index = Self.merged(inBatchesOf: 1024)
        #expect(index.documentCount == 401)
        func occurrences(of word: String, in text: String) -> Int { text.split(separator: " ").filter { $0 == word }.count }
        for word in ["w0x", "w17x", "w450x", "w899x"] {
            let postings = index.postings[index.id(ofTerm: word)!]
            let documents = Self.texts.indices.filter { occurrences(of: word, in: Self.texts[$0]) > 0 }
            #expect(postings.documents == documents.map(Int32.init))
            #expect(postings.documents.indices.map { postings.count($0, in: .body) } == documents.map { min(255, occurrences(of: word, in: Self.texts[$0])) })
            #expect(postings.documents.indices.map { postings.count($0, in: .title) } == documents.map { occurrences(of: word, in: Self.title(Self.texts[$0])) })
        }
        let clipped = index.postings[index.id(ofTerm: "w17x")!]
        #expect(clipped.documents.last == 400 && clipped.count(clipped.documents.count - 1, in: .body) == 255)
    }

    @Test func everyPairOfAdjacentWordsListsTheDocumentsItOccursIn() {
        let index = Self.merged(inBatchesOf: 1024)
        for words in [Array(Self.texts[0].split(separator: " ").prefix(2)), Array(Self.texts[399].split(separator: " ").suffix(2))] {
            let pair = index.pairs.first { $0.key == UInt64(index.id(ofTerm: String(words[0]))!) << 32 | UInt64(index.id(ofTerm: String(words[1]))!) }
            let expected = Self.texts.indices.filter { number in
                let text = Self.texts[number].split(separator: " ")
                return zip(text, text.dropFirst()).contains { $0 == words[0] && $1 == words[1] }
            }
            #expect(pair?.documents == expected.map(Int32.init))
        }
    }

    @Test(arguments: [1, 7, 64, 400])
    func theIndexIsTheSameHoweverTheDocumentsAreBatched(size: Int) {
        let whole = Self.merged(inBatchesOf: 1024), batched = Self.merged(inBatchesOf: size)
        #expect(batched.terms == whole.terms)
        #expect(batched.postings.map(\.documents) == whole.postings.map(\.documents))
        #expect(batched.postings.map(\.counts) == whole.postings.map(\.counts))
        #expect(batched.pairs.sorted { $0.key < $1.key }.map(\.documents) == whole.pairs.sorted { $0.key < $1.key }.map(\.documents))
        #expect(batched.pairs.map(\.key).sorted() == whole.pairs.map(\.key).sorted())
        #expect((0..<401).map(batched.lengths(of:)) == (0..<401).map(whole.lengths(of:)))
    }

    /// A rebuild replaces the terms of the documents that changed in the last build's index
    /// instead of merging every document again; the result must be the merge's, term for term.
    @Test func replacingADocumentsTermsGivesWhatMergingTheNewTextGives() {
        // Document 3 gets words no document had, loses the only "w5x"s it had, and "the", a stop word.
        var changed = Self.texts
        changed[3] = "brandnewword the " + Self.texts[3].split(separator: " ").filter { $0 != "w5x" }.dropLast(4).joined(separator: " ") + " w17x anothernewword"
        changed[200] = Self.texts[201]
        var patched = Self.merged(inBatchesOf: 64)
        for number in [3, 200] {
            let replaced = patched.replace(number, old: Self.terms(Self.texts[number]), new: Self.terms(changed[number]))
            #expect(replaced)
        }
        patched.finish()
        let merged = Self.merged(inBatchesOf: 64, changed)
        #expect(Contents(patched) == Contents(merged))
        #expect(Contents(patched).terms.contains("brandnewword") && Contents(patched).words["anothernewword"] == "anothernewword")
        // And back: the words only document 3 had are gone again.
        for number in [3, 200] {
            let replaced = patched.replace(number, old: Self.terms(changed[number]), new: Self.terms(Self.texts[number]))
            #expect(replaced)
        }
        patched.finish()
        #expect(Contents(patched) == Contents(Self.merged(inBatchesOf: 1024)))
        #expect(!Contents(patched).terms.contains("brandnewword") && Contents(patched).words["anothernewword"] == nil)
    }

    @Test func aReplacementWhoseOldTermsAreNotTheIndexsIsRefused() {
        var index = Self.merged(inBatchesOf: 1024)
        let unknownTerms = index.replace(3, old: Self.terms("wordsnodocumenthas"), new: Self.terms(Self.texts[3]))
        let unknownDocument = index.replace(401, old: Self.terms(Self.texts[3]), new: Self.terms(Self.texts[3]))
        let old = Self.terms(Self.texts[3])
        let otherLengths = DocumentTerms(terms: old.terms, counts: old.counts, lengths: old.lengths.map { $0 + 1 }, pairs: old.pairs, wordPositions: old.wordPositions)
        let wrongLengths = index.replace(3, old: otherLengths, new: Self.terms(Self.texts[3]))
        #expect(!unknownTerms && !unknownDocument && !wrongLengths)
    }

    /// A cached document whose lengths no index can hold is a miss, not a trap later.
    @Test func cachedTermsWithALengthBeyondAnIndexsReachDoNotReadBack() {
        let terms = Self.terms(Self.texts[0])
        let huge = DocumentTerms(terms: terms.terms, counts: terms.counts, lengths: [1 << 40] + terms.lengths.dropFirst(), pairs: terms.pairs, wordPositions: terms.wordPositions)
        var writer = BinaryWriter()
        huge.write(to: &writer)
        #expect(throws: BinaryReader.Damaged.self) {
            try writer.bytes.withUnsafeBytes { bytes in
                var reader = BinaryReader(bytes)
                return try DocumentTerms(from: &reader)
            }
        }
    }

    /// The build cache keeps the index for the next build: it must read back as it was written,
    /// a patched index too (with a term no document has any more, and terms new to the site), and
    /// a damaged part must make the whole snapshot unreadable, never half read.
    @Test func theIndexReadsBackFromTheBuildCacheAsItWasWritten() throws {
        let fileSystem = InMemoryFileSystem(), path = "/site/.praxis-cache/index.memo", fingerprint = ContentHash(high: 3, low: 4)
        // Facts made up for each term of an index, by rank: the snapshot keeps them beside it (`ScoredTerms`).
        func scored(_ index: InvertedIndex) -> ScoredTerms {
            ScoredTerms(scorer: ContentHash(high: 5, low: UInt64(index.order.count)),
                        facts: index.order.indices.map { ShardEntryFacts(encodedLength: $0 + 1, hash: ContentHash(index.term(index.order[$0]))) })
        }
        func roundTrip(_ index: InvertedIndex, keys: [ContentHash]) throws -> InvertedIndex {
            let writer = MemoWriter(path: path, fingerprint: fingerprint, fileSystem: fileSystem, old: MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem))
            IndexSnapshot.write(index, keys: keys, scored: scored(index), to: writer)
            writer.finish()
            let snapshot = try #require(IndexSnapshot(MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem)))
            #expect(snapshot.keys == keys)
            // Read ahead (as a rebuild does beside loading), the index is handed over once, and
            // read from the memo again when asked for a second time: the same either way.
            let ahead = snapshot.read()
            let handedOver = try #require(ahead.index()), readAgain = try #require(ahead.index())
            #expect(Contents(handedOver) == Contents(readAgain) && ahead.scoredTerms() == snapshot.scoredTerms())
            let read = try #require(snapshot.index())
            // Numbered by rank when written, so by id when read back: each id's facts are its term's.
            let facts = try #require(snapshot.scoredTerms())
            #expect(facts == scored(index) && facts.facts.count == read.terms.count)
            #expect(read.terms.indices.allSatisfy { facts.facts[$0].hash == ContentHash(read.term($0)) })
            return read
        }
        let index = Self.merged(inBatchesOf: 1024)
        var texts = Self.texts
        let read = try roundTrip(index, keys: texts.map { ContentHash($0) })
        #expect(Contents(read) == Contents(index))
        #expect(read.id(ofTerm: "w0x") != nil && read.averageLengths == index.averageLengths)

        // Patched, written, read back and patched again: still what a merge of the texts gives.
        var patched = read
        for (number, text) in [(3, "brandnewword " + texts[4]), (400, texts[5]), (5, texts[6]), (6, texts[5])] {
            let replaced = patched.replace(number, old: Self.terms(texts[number]), new: Self.terms(text))
            #expect(replaced)
            texts[number] = text
        }
        patched.finish()
        #expect(Contents(patched) == Contents(Self.merged(inBatchesOf: 1024, texts)))
        var again = try roundTrip(patched, keys: texts.map { ContentHash($0) })
        #expect(Contents(again) == Contents(patched))
        let replaced = again.replace(3, old: Self.terms(texts[3]), new: Self.terms(Self.texts[3]))
        #expect(replaced)
        texts[3] = Self.texts[3]
        again.finish()
        #expect(Contents(again) == Contents(Self.merged(inBatchesOf: 1024, texts)) && !Contents(again).terms.contains("brandnewword"))
        // Each pair's facts, read back with it or made again after a patch, are those of its documents now.
        for index in [read, patched, again] {
            #expect(index.pairs.allSatisfy { $0.facts == PairTable.Facts($0.documents) })
        }

        var bytes = try fileSystem.read(path)
        bytes[bytes.count / 2] ^= 0xFF
        try fileSystem.write(bytes, to: path)
        let damaged = IndexSnapshot(MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem))
        #expect(damaged == nil || damaged?.index() == nil || damaged?.scoredTerms() == nil, "one byte changed")
        #expect(IndexSnapshot(MemoFile(path: path, fingerprint: ContentHash(high: 9, low: 9), fileSystem: fileSystem)) == nil)
    }

    /// A snapshot that reads back whole but names a term or a pair twice is refused, not trusted
    /// (and does not stop the build).
    @Test func aStoredIndexWithATermOrAPairTwiceIsRefused() {
        let postings = InvertedIndex.Postings(documents: [0], counts: [1, 0, 0, 0, 0])
        let lengths: [Int32] = [1, 0, 0, 0, 0]
        #expect(InvertedIndex(sortedTerms: ["a", "b"], postings: [postings, postings], pairs: [[(1, [0], nil)]], words: [:], lengths: lengths) != nil)
        #expect(InvertedIndex(sortedTerms: ["a", "a"], postings: [postings, postings], pairs: [[]], words: [:], lengths: lengths) == nil)
        #expect(InvertedIndex(sortedTerms: ["\u{E9}", "e\u{301}"], postings: [postings, postings], pairs: [[]], words: [:], lengths: lengths) == nil, "one String, two spellings")
        #expect(InvertedIndex(sortedTerms: ["a", "b"], postings: [postings, postings], pairs: [[(1, [0], nil), (1, [0], nil)]], words: [:], lengths: lengths) == nil)
        #expect(InvertedIndex(sortedTerms: ["a", "b"], postings: [postings, postings], pairs: [[(1, [0], nil)], [(1, [0], nil)]], words: [:], lengths: lengths) == nil, "in two runs")
    }
}

