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
        let mismatches = zip(serial, parallel.values).filter { $0 != $1 }.count
        #expect(mismatches == 0)
        #expect(serial.compactMap { $0 }.count == 300)
        #expect(serial.contains { $0?.html.contains("<del>") == true || $0?.html.contains("<a href=\"https://example.org") == true })
    }
}
