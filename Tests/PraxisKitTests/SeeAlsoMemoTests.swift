import Foundation
import Testing
@testable import PraxisKit

/// A rebuild's "See also" starts from what the last build ranked (`SimilarityMemo`) and ranks
/// again only the pages an edit can reach; what it suggests, and the scores it keeps for the next
/// build, are those of ranking every page afresh.
@Suite("See also from the last build")
struct SeeAlsoMemoTests {
    /// Also with lists cut at 20 postings, so that many pages fall off the end of a feature's
    /// list, and an edit moves some of them on or off it.
    @Test(arguments: [SimilarityRanker(), SimilarityRanker(featuresPerPage: 8, postingsDepth: 20, results: 5)])
    func suggestionsCarriedOverAreThoseOfRankingEveryPageAfterEveryKindOfEdit(ranker: SimilarityRanker) throws {
        let site = try DiskSite.generated(documents: 400)
        defer { site.remove() }
        let documents = try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices")
            .filter { $0.hasSuffix(".md") }.sorted().map { "content/practices/" + $0 }
        var memo = try #require(Self.rank(site, ranker: ranker).memo)

        /// Ranks with the last memo and afresh, and expects the same; returns how many pages were ranked again.
        @discardableResult
        func expectSameAsFresh(_ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Int {
            let fresh = Self.rank(site, ranker: ranker)
            let carried = Self.rank(site, last: memo, ranker: ranker)
            let differing = fresh.suggestions.indices.filter { carried.suggestions[$0] != fresh.suggestions[$0] }
            #expect(differing.isEmpty, "\(step): the suggestions of \(differing.count) pages differ, first \(differing.prefix(3).map { (carried.suggestions[$0], fresh.suggestions[$0]) })", sourceLocation: sourceLocation)
            let sameMemo = carried.memo == fresh.memo
            #expect(sameMemo, "\(step): the memo for the next build differs", sourceLocation: sourceLocation)
            #expect(fresh.rankedAgain == fresh.suggestions.count, sourceLocation: sourceLocation)
            memo = try #require(carried.memo)
            return carried.rankedAgain
        }

        #expect(try expectSameAsFresh("nothing changed") == 0)

        try site.write(documents[0], try site.read(documents[0]) + "\nA sentence of words no other page has: zyxwv quokkas interoperate.\n")
        #expect(try expectSameAsFresh("a sentence of new words added") < documents.count / 10, "only pages whose suggestions the edited page can enter or leave")

        let (common, lacking) = try Self.commonWord(site, documents)
        try site.write(lacking, try site.read(lacking) + "\nAlso \(common).\n")
        try expectSameAsFresh("a common word (\(common)) added to a page")

        try site.write(documents[1], try site.read(documents[1]).replacingOccurrences(of: "\ntags: [", with: "\ntags: [see-also-memo-tag, "))
        try expectSameAsFresh("a tag added (a feature of its own)")

        let long = try site.read(documents[2])
        let body = long.range(of: "\n---\n", range: long.index(long.startIndex, offsetBy: 4)..<long.endIndex)!.upperBound
        try site.write(documents[2], String(long[..<body]) + String(long[body...].prefix(long.distance(from: body, to: long.endIndex) / 3)) + "\n")
        try expectSameAsFresh("two thirds of a body removed (the weights of terms on many pages change)")

        let linking = try site.read(documents[3])
        try site.write(documents[3], linking + "\nSee also [[\(String(documents[4].split(separator: "/").last!.dropLast(3)))]].\n")
        try expectSameAsFresh("a link added (the linked pages are no longer suggested to each other)")

        // A word of the page's title, repeated: no term is on more or fewer pages than before, so
        // only this page's features change, and it enters the suggestions of pages whose own
        // features did not change, worked out from their last suggestions.
        let repeating = try site.read(documents[9])
        let title = repeating.components(separatedBy: "\n").first { $0.hasPrefix("title: ") }!
        let word = title.dropFirst(7).split { !$0.isLetter }.max { $0.count < $1.count }!
        try site.write(documents[9], repeating + "\n" + Array(repeating: word, count: 100).joined(separator: " ") + ".\n")
        try expectSameAsFresh("a word of the title repeated (one page's features change)")

        for document in documents[5..<9] {
            try site.write(document, try site.read(document) + "\nProcurement portal dashboards, analytics and procurement again.\n")
        }
        try expectSameAsFresh("four pages edited at once")
        #expect(try expectSameAsFresh("nothing changed since") == 0)
    }

    /// Page P shares two words with each of five pages and one, "harbour", with page E, which
    /// comes sixth. E then repeats "harbour": no word is on more or fewer pages, so only E's
    /// features change, and P, whose own did not, takes E in without being ranked again.
    @Test func aPageWhoseFeaturesDidNotChangeTakesInAnEditedPageThatNowScoresHigher() throws {
        let site = try DiskSite(theme: false)
        defer { site.remove() }
        func document(_ name: String, _ words: [String]) throws {
            try site.write("content/practices/\(name).md", "---\ntitle: \(name.capitalized)\nsummary: S\ndate: 2025-01-01\n---\n\(words.joined(separator: " ")).\n")
        }
        let syllables = ["kra", "lom", "pid", "vesh", "tuk", "nar", "gol", "fen", "bru", "zim"]
        var made = 0
        func unique(_ count: Int) -> [String] {
            (0..<count).map { _ in
                made += 1
                return "qu" + syllables[made / 10 % 10] + syllables[made % 10] + "x"
            }
        }
        let shared = unique(10)
        try document("pelican", ["harbour"] + shared)
        for number in 0..<5 { try document("dune" + syllables[number], shared[2 * number...2 * number + 1] + unique(6)) }
        let estuaryWords = unique(10)
        try document("estuary", ["harbour"] + estuaryWords)
        for number in 0..<6 { try document("fjord" + syllables[number], unique(8)) }

        let before = Self.rank(site)
        let names = Self.pageNames(site)
        let (pelican, estuary) = (names.firstIndex(of: "pelican")!, names.firstIndex(of: "estuary")!)
        #expect(before.suggestions[pelican].count == 5 && !before.suggestions[pelican].contains(estuary))

        try document("estuary", Array(repeating: "harbour", count: 100) + estuaryWords)
        let fresh = Self.rank(site)
        let carried = Self.rank(site, last: before.memo)
        #expect(fresh.suggestions[pelican].first == estuary)
        #expect(carried.suggestions == fresh.suggestions)
        #expect(carried.memo == fresh.memo)
        #expect(carried.rankedAgain < names.count / 2, "pelican among the pages not ranked again")
    }

    @Test func aMemoReadsBackWholeOrNotAtAll() throws {
        let site = try DiskSite.generated(documents: 60)
        defer { site.remove() }
        let memo = try #require(Self.rank(site).memo)
        var writer = BinaryWriter()
        memo.write(to: &writer)
        let bytes = writer.bytes
        #expect(try Self.read(bytes) == memo)
        #expect(throws: BinaryReader.Damaged.self) { try Self.read(Array(bytes.dropLast(3))) }
        // A suggestion made to point past the last page, or to the page itself.
        for damage in [Int32(memo.pageCount), 0] {
            var pointing = memo
            pointing.suggestionPages[pointing.suggestions(of: 0).lowerBound] = damage
            var damaged = BinaryWriter()
            pointing.write(to: &damaged)
            #expect(throws: BinaryReader.Damaged.self) { try Self.read(damaged.bytes) }
        }

        // Stored sealed: one flipped bit anywhere (a score, a weight) and the memo is not read.
        let folder = site.root + "/memo"
        let (fingerprint, key) = (ContentHash("fingerprint"), ContentHash("key"))
        let next = MemoWriter(path: folder + "/similar.memo", fingerprint: fingerprint, fileSystem: DiskFileSystem())
        next.addSealed(key) { memo.write(to: &$0) }
        next.finish()
        let stored = MemoFile(path: folder + "/similar.memo", fingerprint: fingerprint, fileSystem: DiskFileSystem())
        #expect(stored.sealed(for: key) { try SimilarityMemo(from: &$0) } == memo)
        var file = try Data(contentsOf: URL(fileURLWithPath: folder + "/similar.memo"))
        file[file.count - 3] ^= 0x10
        try file.write(to: URL(fileURLWithPath: folder + "/similar.memo"))
        let flipped = MemoFile(path: folder + "/similar.memo", fingerprint: fingerprint, fileSystem: DiskFileSystem())
        #expect(flipped.count == 1)
        #expect(flipped.sealed(for: key) { try SimilarityMemo(from: &$0) } == nil)
    }

    @Test func aBuildWithTheCacheRanksAgainOnlyWhatAnEditCanChange() throws {
        let site = try DiskSite.generated(documents: 200)
        defer { site.remove() }
        Thread.sleep(forTimeInterval: 2.2)
        #expect(site.build().succeeded)
        let practice = try #require(try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices").filter { $0.hasSuffix(".md") }.min())
        try site.write("content/practices/" + practice, try site.read("content/practices/" + practice) + "\nOne more sentence about quokkas.\n")
        let rebuilt = site.build()
        #expect(rebuilt.succeeded)
        #expect(try #require(rebuilt.pagesRankedAgain) < 20, "of 200 pages")
        let clean = site.build(output: "clean", cache: false)
        #expect(clean.pagesRankedAgain == clean.documents)
        #expect(site.tree() == site.tree("clean"))
    }
}

extension SeeAlsoMemoTests {
    /// A page's features are the strongest of all its terms and taxonomy values, strongest first
    /// and ties to the lower id, however `features` comes to offer them (rarest terms first,
    /// passing over what cannot be kept): here, against every weight worked out and sorted.
    @Test(arguments: [16, 4])
    func aPagesFeaturesAreTheStrongestOfAllItsTermsAndValues(kept: Int) throws {
        let site = try DiskSite.generated(documents: 60)
        defer { site.remove() }
        let paths = ProjectPaths(root: site.root)
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: paths, schema: Schema.defaults).load()
        let parsed = tree.documents.compactMap { PageParser(schema: Schema.defaults).parse($0).0 }
        let (linked, _) = LinkResolver(config: SiteConfig(), includeDrafts: false).link(parsed, files: tree)
        let index = SearchIndexBuilder(config: SiteConfig()).index(of: linked)
        let ranker = SimilarityRanker(featuresPerPage: kept)
        let taxonomy = ranker.taxonomyValues(linked.taxonomies).map(\.pages)
        let found = ranker.features(linked.pages, index: index, taxonomy: taxonomy)

        let total = Double(linked.pages.count)
        var all = [[SimilarityRanker.Feature]](repeating: [], count: linked.pages.count)
        for (rank, term) in index.order.enumerated() where index.terms[term].utf8.count > 2 {
            let postings = index.postings[term]
            let idf: Double = log(1 + total / SimilarityRanker.roughly(postings.documents.count))
            for (place, page) in postings.documents.enumerated() {
                let strong: Int = 3 * postings.count(place, in: .title) + 2 * postings.count(place, in: .summary)
                let frequency: Int = strong + postings.count(place, in: .headings) + postings.count(place, in: .body)
                guard frequency > 0 else { continue }
                let weight = Float((1 + log(Double(frequency))) * idf)
                all[Int(page)].append(SimilarityRanker.Feature(id: rank, weight: weight))
            }
        }
        for (number, carriers) in taxonomy.enumerated() {
            let weight = Float((1 + log(3.0)) * log(1 + total / SimilarityRanker.roughly(carriers.count)))
            for page in carriers { all[page].append(SimilarityRanker.Feature(id: index.order.count + number, weight: weight)) }
        }
        #expect(all.contains { $0.count > kept * 4 }, "pages with many more features than are kept")
        for page in all.indices {
            let sorted = all[page].sorted { (a: SimilarityRanker.Feature, b: SimilarityRanker.Feature) in (a.weight, b.id) > (b.weight, a.id) }
            let strongest = Array(sorted.prefix(kept))
            let norm: Float = strongest.reduce(Float(0)) { $0 + $1.weight * $1.weight }.squareRoot()
            let ids: [Int] = strongest.map { $0.id }
            let weights: [Float] = strongest.map { $0.weight / norm }
            #expect(found[page].map { $0.id } == ids && found[page].map { $0.weight } == weights, "page \(page)")
        }
    }
}

private extension SeeAlsoMemoTests {
    static func rank(_ site: DiskSite, last: SimilarityMemo? = nil, ranker: SimilarityRanker = SimilarityRanker()) -> SimilarityRanker.Ranking {
        let paths = ProjectPaths(root: site.root)
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: paths, schema: Schema.defaults).load()
        let parsed = tree.documents.compactMap { PageParser(schema: Schema.defaults).parse($0).0 }
        let (linked, _) = LinkResolver(config: SiteConfig(), includeDrafts: false).link(parsed, files: tree)
        let index = SearchIndexBuilder(config: SiteConfig()).index(of: linked)
        return ranker.rank(linked.pages, index: index, edges: linked.edges, taxonomies: linked.taxonomies, last: last, remember: true)
    }

    /// A common word added to a page that lacked it: its count of pages, to two significant
    /// digits (`SimilarityRanker.roughly`), stays as it was, and so do the weights of every other
    /// page that has it among its features, which are then not ranked again.
    @Test func aCommonWordAddedToOnePageLeavesTheOtherPagesFeaturesAsTheyWere() throws {
        let site = try DiskSite.generated(documents: 400)
        defer { site.remove() }
        let documents = try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices")
            .filter { $0.hasSuffix(".md") }.sorted().map { "content/practices/" + $0 }
        let (index, before) = Self.features(site)
        // The word that most pages have among their features.
        let (word, page) = try Self.commonWord(site, documents) { word in
            guard let id = index.id(ofTerm: index.words[word] ?? word), let feature = index.order.firstIndex(of: id) else { return 0 }
            return before.count { $0.contains { $0.id == feature } }
        }
        let edited = try #require(Self.pageNames(site).firstIndex(of: (page as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "")))
        try site.write(page, try site.read(page) + "\nAlso \(word).\n")
        let after = Self.features(site).vectors
        let changed = before.indices.filter { $0 != edited && !before[$0].elementsEqual(after[$0]) { $0.id == $1.id && $0.weight.bitPattern == $1.weight.bitPattern } }
        #expect(changed.isEmpty, "\(changed.count) other pages' features changed with \(word) added to one page")
    }

    /// Every page's features, with the index they come from.
    static func features(_ site: DiskSite) -> (index: InvertedIndex, vectors: [[SimilarityRanker.Feature]]) {
        let paths = ProjectPaths(root: site.root)
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: paths, schema: Schema.defaults).load()
        let parsed = tree.documents.compactMap { PageParser(schema: Schema.defaults).parse($0).0 }
        let (linked, _) = LinkResolver(config: SiteConfig(), includeDrafts: false).link(parsed, files: tree)
        let index = SearchIndexBuilder(config: SiteConfig()).index(of: linked)
        let ranker = SimilarityRanker()
        return (index, ranker.features(linked.pages, index: index, taxonomy: ranker.taxonomyValues(linked.taxonomies).map(\.pages)))
    }

    @Test func pageCountsAreTakenToTwoSignificantDigits() {
        let counts = [0, 7, 99, 100, 104, 105, 2_283, 2_284, 2_350, 99_449, 99_950]
        #expect(counts.map(SimilarityRanker.roughly) == [0, 7, 99, 100, 100, 110, 2_300, 2_300, 2_400, 99_000, 100_000])
    }

    /// A word on at least 100 pages whose count, one more, rounds as it did, and a page without
    /// it: of those, the one `preference` rates highest (then the first by name).
    static func commonWord(_ site: DiskSite, _ documents: [String], preference: (String) -> Int = { _ in 0 }) throws -> (word: String, page: String) {
        var pages: [String: Set<String>] = [:]
        for document in documents {
            for word in Set(try site.read(document).lowercased().split { !$0.isLetter }.map(String.init)) where word.count > 4 {
                pages[word, default: []].insert(document)
            }
        }
        func twoDigits(_ count: Int) -> Double {
            let scale = pow(10, floor(log10(Double(count))) - 1)
            return (Double(count) / scale).rounded() * scale
        }
        let word = try #require(pages.filter { $0.value.count >= 100 && $0.value.count < documents.count
            && twoDigits($0.value.count + 1) == twoDigits($0.value.count) }.keys.map { ($0, preference($0)) }
            .sorted { ($1.1, $0.0) < ($0.1, $1.0) }.first?.0)
        return (word, try #require(documents.first { !pages[word]!.contains($0) }))
    }

    /// The file names of the pages, in page order.
    static func pageNames(_ site: DiskSite) -> [String] {
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: ProjectPaths(root: site.root), schema: Schema.defaults).load()
        let parsed = tree.documents.compactMap { PageParser(schema: Schema.defaults).parse($0).0 }
        return LinkResolver(config: SiteConfig(), includeDrafts: false).link(parsed, files: tree).0.pages.map { ($0.page.path as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "") }
    }

    static func read(_ bytes: [UInt8]) throws -> SimilarityMemo {
        try bytes.withUnsafeBytes { buffer in
            var reader = BinaryReader(buffer)
            let memo = try SimilarityMemo(from: &reader)
            guard reader.isAtEnd else { throw BinaryReader.Damaged() }
            return memo
        }
    }
}
