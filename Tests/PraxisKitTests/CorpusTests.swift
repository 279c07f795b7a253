import Foundation
import Testing
@testable import PraxisKit

/// Whole sites: the repository's own content, and generated corpora.
@Suite("Corpora", .serialized)
struct CorpusTests {
    @Test func theStarterContentBuildsWithNoErrorsOrWarnings() {
        let report = SiteBuilder(paths: ProjectPaths(root: TestSite.repository), options: .init(write: false)).run()
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.documents >= 24)
    }

    @Test func aGeneratedCorpusOf300DocumentsBuildsWithZeroErrors() throws {
        let site = try DiskSite.generated(documents: 300)
        defer { site.remove() }
        let report = site.build()
        #expect(report.diagnostics.filter(\.isError).map(\.description) == [])
        #expect(report.documents == 300)
        #expect(site.tree().keys.filter { $0.hasSuffix("/index.html") }.count > 300)
    }

    /// cmark-gfm is not thread-safe; parallel parsing must give exactly what a serial parse gives.
    @Test func parallelParsingMatchesSerialParsingByteForByte() throws {
        let site = try DiskSite.generated(documents: 300)
        defer { site.remove() }
        let paths = ProjectPaths(root: site.root)
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: paths, schema: Schema.defaults).load()
        let parser = PageParser(schema: Schema.defaults)
        let serial = tree.documents.map { parser.parse($0).0?.body }
        let parallel = ConcurrentResults<MarkdownDocument?>(count: tree.documents.count)
        DispatchQueue.concurrentPerform(iterations: tree.documents.count) { parallel[$0] = parser.parse(tree.documents[$0]).0?.body }
        let mismatches = zip(serial, parallel.takeAll()).filter { $0 != $1 }.count
        #expect(mismatches == 0)
        #expect(serial.compactMap { $0 }.count == 300)
        #expect(serial.contains { $0?.html.contains("<del>") == true || $0?.html.contains("<a class=\"external\" href=\"https://example.org") == true })
    }
}

@Suite("Cross-linking at scale", .serialized)
struct CrossLinkingScaleTests {
    @Test func everyInternalHrefSrcAndFragmentOfA1000DocumentSiteResolves() throws {
        let site = try DiskSite.generated(documents: 1000)
        defer { site.remove() }
        let report = site.build()
        #expect(report.diagnostics.filter(\.isError).map(\.description) == [])
        let output = site.tree()
        #expect(output.count > 1000)
        let problems = OutputLinkChecker.problems(in: output)
        #expect(problems.isEmpty, "\(problems.count) broken: \(problems.prefix(10).joined(separator: "\n"))")
        #expect(site.build(output: site.root + "/again").succeeded)
        #expect(site.tree("again") == output, "two builds must be byte-identical")
    }

    @Test func theStarterSiteHasNoBrokenHrefSrcOrFragment() throws {
        let site = try DiskSite()
        defer { site.remove() }
        let report = SiteBuilder(paths: ProjectPaths(root: TestSite.repository, output: site.root + "/out"), options: .init()).run()
        #expect(report.succeeded)
        #expect(OutputLinkChecker.problems(in: site.tree("out")) == [])
    }

    @Test func seeAlsoNeverListsThePageItselfADraftOrAPageAlreadyLinked() throws {
        let site = try DiskSite.generated(documents: 300)
        defer { site.remove() }
        try site.write("content/practices/zz-draft.md", "---\ntitle: Draft cloud migration\nsummary: S\ndate: 2025-01-01\nstatus: draft\ntags: [cloud-migration]\n---\nCloud migration cloud migration.\n")
        let paths = ProjectPaths(root: site.root)
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: paths, schema: Schema.defaults).load()
        let parsed = tree.documents.compactMap { PageParser(schema: Schema.defaults).parse($0).0 }
        let (unranked, _) = LinkResolver(config: SiteConfig(), includeDrafts: true).link(parsed, files: tree)
        let linked = SimilarityRanker.suggest(in: unranked, index: SearchIndexBuilder(config: SiteConfig()).index(of: unranked)).site
        var pagesWithSuggestions = 0
        for number in linked.pages.indices {
            let seeAlso = linked.seeAlso(of: number)
            #expect(seeAlso.count <= 5)
            #expect(!seeAlso.contains(number))
            #expect(!seeAlso.contains { linked.pages[$0].page.isDraft })
            let connected = Set(linked.edges.filter { $0.type != "similar" && ($0.from == number || $0.to == number) }.flatMap { [$0.from, $0.to] })
            #expect(seeAlso.allSatisfy { !connected.contains($0) })
            if !seeAlso.isEmpty { pagesWithSuggestions += 1 }
        }
        #expect(pagesWithSuggestions > 250)
    }
}
