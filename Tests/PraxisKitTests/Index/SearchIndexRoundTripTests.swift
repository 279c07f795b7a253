import Foundation
import Testing
@testable import PraxisKit

@Suite("Search index round trip")
struct SearchIndexRoundTripTests {
    static let spec = """
    -- content/lessons/quiet.md --
    ---
    title: A quiet lesson
    summary: Nothing about hosting here.
    date: 2025-01-02
    outcome_type: success
    ---
    Plain words only.
    -- content/practices/cloud-migration.md --
    ---
    title: Cloud migration
    summary: Moving services to hosted platforms.
    date: 2025-01-31
    tags: [hosting]
    sectors: [health]
    regions: [São Tomé]
    ---
    Intro text about hosting.

    ## How to do it

    Plan the cloud migration in stages.

    ## How to do it

    Twice, so the id needs a suffix.
    -- content/practices/records.md --
    ---
    title: Records management
    summary: Keeping files findable.
    date: 2025-02-01
    sectors: [finance]
    ---
    ## Storage

    The cloud is mentioned once in the body.
    """

    @Test func theFilesDecodeToWhatTheDocumentsSay() throws {
        let site = TestSite(Self.spec)
        #expect(!site.build().diagnostics.hasErrors)
        let manifest = try decode(SearchManifest.self, "manifest", site)
        #expect(manifest.version == 2 && manifest.documents == 3 && manifest.stemmer == "english")
        #expect(manifest.facets.map(\.field) == ["kind", "tags", "sectors", "level", "regions", "evidence", "outcome_type"])
        #expect(manifest.fields.map(\.name) == ["title", "tags", "summary", "headings", "body"])

        // Every term sits in the shard the directory names; ids follow output paths.
        var terms: [String: TermEntry] = [:]
        for number in manifest.shards.terms.indices {
            for (term, entry) in try decode(TermShard.self, "terms-\(number)", site).terms {
                #expect(ShardPacker.shard(of: term, in: manifest.shards.terms) == number)
                terms[term] = entry
            }
        }
        let cloud = try #require(terms["cloud"])
        #expect(DocSetCoder.decode(cloud.docs) == [1, 2])
        let impacts = cloud.impacts.utf8.map { DocSetCoder.impact($0)! }
        #expect(impacts[0] > impacts[1], "a title match outweighs a body match")
        #expect(DocSetCoder.decode(try #require(terms["sao"]).docs) == [1])
        #expect(terms["the"] == nil, "stop words are not indexed")

        let pairs = try decode(PairDirectory.self, "pairs", site)
        let pairShard = try decode(PairShard.self, "pairs-\(ShardPacker.shard(of: "cloud migrat", in: pairs.shards))", site)
        #expect(pairShard.pairs["cloud migrat"].flatMap(DocSetCoder.decode) == [1])

        let words = try decode(WordShard.self, "words-\(ShardPacker.shard(of: "migration", in: manifest.shards.words))", site)
        #expect(words.words["migration"] == WordEntry(term: "migrat", documents: 1))

        let docs = try decode(DocShard.self, "docs-0", site)
        let record = docs.docs[1]
        #expect(record.id == 1 && record.url == "practices/cloud-migration/index.html" && record.kind == "practice")
        #expect(record.sections == [
            ["", "Intro text about hosting."],
            ["How to do it", "Plan the cloud migration in stages."],
            ["How to do it", "Twice, so the id needs a suffix.", "how-to-do-it-1"],
        ])
        // title 2; tags: practice, hosting, health, sao, tome; summary 4 without `to`; headings 2 + 2; body 4 + 4 + 5.
        #expect(record.lengths == [2, 5, 4, 4, 13])
        #expect(record.facets == ["tags": ["hosting"], "sectors": ["health"], "regions": ["sao-tome"]])
        #expect(docs.docs[0].facets == ["outcome_type": ["success"]])

        // Facets are split by value into shards; the manifest has their directory.
        let regions = manifest.facets[4]
        #expect(regions.field == "regions" && regions.values == 1 && regions.shards == [""])
        let shard = try decode(FacetShard.self, "\(regions.file)-0", site)
        #expect(shard.values == [FacetValue(value: "sao-tome", label: "São Tomé", count: 1, docs: DocSetCoder.encode([1]))])

        // A word is filed under itself and its one-letter deletions: `migraton` and `igration` lead to it.
        for key in ["migration", "migraton", "igration"] {
            let typos = try decode(TypoShard.self, "typos-\(ShardPacker.shard(of: key, in: manifest.shards.typos))", site)
            #expect(typos.typos[key]?.contains(TypoCandidate(word: "migration", documents: 1)) == true, "\(key)")
        }
    }

    @Test func everyJSONFileHasAScriptTwinHoldingTheSameBytes() throws {
        let site = TestSite(Self.spec)
        _ = site.build()
        let files = site.outputPaths.filter { $0.hasPrefix("search/") && $0.hasSuffix(".json") }
        #expect(files.count > 10)
        for path in files {
            let name = String(path.dropFirst("search/".count).dropLast(".json".count))
            let json = try #require(site.output(path))
            #expect(site.output("search/\(name).js") == "(window.PraxisSearchData=window.PraxisSearchData||{})[\"\(name)\"]=\(json);\n")
        }
    }

    @Test func theSameInputGivesTheSameBytes() {
        let first = TestSite(Self.spec), second = TestSite(Self.spec)
        _ = first.build()
        _ = second.build()
        let paths = first.outputPaths.filter { $0.hasPrefix("search/") }
        #expect(paths == second.outputPaths.filter { $0.hasPrefix("search/") })
        for path in paths { #expect(first.output(path) == second.output(path), "\(path) differs") }
    }

    @Test func textFieldsAreSearchedAsSummaries() throws {
        let site = TestSite("""
        -- site.yml --
        search:
          text_fields: [what]
        schema:
          fields:
            summary: {type: string}
            what: {type: string}
        -- content/practices/a.md --
        ---
        title: A
        date: 2025-01-31
        what: Affinity mapping finds themes.
        ---
        Body.
        """)
        #expect(!site.build().diagnostics.hasErrors)
        let manifest = try decode(SearchManifest.self, "manifest", site)
        let shard = try decode(TermShard.self, "terms-\(ShardPacker.shard(of: "affin", in: manifest.shards.terms))", site)
        #expect(shard.terms["affin"] != nil)
        #expect(try decode(DocShard.self, "docs-0", site).docs[0].summary == "Affinity mapping finds themes.")
    }

    @Test func aSiteWithoutDocumentsHasAnIndexToSearch() throws {
        let site = TestSite("")
        #expect(!site.build().diagnostics.hasErrors)
        let manifest = try decode(SearchManifest.self, "manifest", site)
        #expect(manifest.documents == 0 && manifest.shards.terms == [""] && manifest.shards.docs == 0)
        #expect(try decode(TermShard.self, "terms-0", site).terms.isEmpty)
        #expect(try decode(WordShard.self, "words-0", site).words.isEmpty)
        #expect(try decode(PairDirectory.self, "pairs", site).shards == [""])
    }

    private func decode<T: Decodable>(_ type: T.Type, _ name: String, _ site: TestSite) throws -> T {
        let text = try #require(site.output("search/\(name).json"), "search/\(name).json was not written")
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
