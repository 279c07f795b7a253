import Foundation
import Testing
@testable import PraxisKit

/// The build cache may make a build faster, never different: after every kind of change a build
/// that reuses the last build's work writes exactly the bytes of a build that does everything.
@Suite("Build cache")
struct BuildCacheTests {
    /// A rebuild keeps what its stages leave until the process ends (`Leftovers.forStages`): a
    /// build is one (`BuildReport.rebuilt`) only when the cache holds the parsed pages of most of
    /// its documents.
    @Test func aBuildIsARebuildOnlyWhenTheCacheHoldsMostOfItsPages() throws {
        let site = try DiskSite.generated(documents: 5)
        defer { site.remove() }
        // Files changed within two seconds of a build are read again by the next whatever their stamp.
        Thread.sleep(forTimeInterval: 2.2)
        func isRebuild(cache: Bool = true) -> Bool {
            let report = SiteBuilder(paths: ProjectPaths(root: site.root), options: .init(useCache: cache)).run()
            #expect(report.succeeded)
            return report.rebuilt
        }
        #expect(!isRebuild(), "a fresh clone: nothing in the cache")
        #expect(isRebuild())
        #expect(!isRebuild(cache: false), "the cache ignored")
        try site.write("site.yml", "title: Another title\n")
        #expect(!isRebuild(), "site.yml written: every memo is another configuration's")
        Thread.sleep(forTimeInterval: 2.2)
        #expect(isRebuild())
        let documents = (FileManager.default.enumerator(atPath: site.root + "/content")?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".md") }
        #expect(documents.count == 5)
        for document in documents.prefix(3) {
            try site.write("content/" + document, try site.read("content/" + document) + "\nA line added to three documents of five.\n")
        }
        #expect(!isRebuild(), "most documents changed: a full build in all but name")
    }

    /// The command line's builds end its process (`Options.endsProcess`): a rebuild then frees
    /// nothing its stages leave, and writes the same bytes.
    @Test func aRebuildThatFreesNothingWritesWhatACleanBuildWrites() throws {
        let site = try DiskSite.generated(documents: 40)
        defer { site.remove() }
        Thread.sleep(forTimeInterval: 2.2)
        let document = "content/practices/" + (try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices").filter { $0.hasSuffix(".md") }.sorted()[0])
        for step in 0..<3 {
            let report = site.build(endsProcess: true)
            #expect(report.succeeded)
            #expect(step == 0 || report.patchedDocuments == 1, "step \(step): a rebuild, from the cache")
            site.expectSameAsClean()
            try site.write(document, try site.read(document) + "\nA sentence added by step \(step), with a new word: quokka\(step).\n")
        }
    }

    @Test func aCachedBuildWritesWhatACleanBuildWritesAfterEveryKindOfChange() throws {
        let site = try DiskSite.generated(documents: 120)
        defer { site.remove() }
        // Files changed within two seconds of a build are read by the next one whatever their
        // stamp: these are not, so every build below leaves the files it was not given unread.
        Thread.sleep(forTimeInterval: 2.2)
        let documents = try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices").filter { $0.hasSuffix(".md") }.sorted()
        let (edited, retitled, retagged) = ("content/practices/" + documents[0], "content/practices/" + documents[1], "content/practices/" + documents[2])
        let slug = String(documents[0].dropLast(3))

        @discardableResult
        func expectSameAsClean(_ step: String, reused: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> BuildReport {
            let cached = site.build()
            let clean = site.build(output: "clean", cache: false)
            #expect(cached.succeeded && clean.succeeded, "\(step): \(cached.diagnostics.filter(\.isError) + clean.diagnostics.filter(\.isError))", sourceLocation: sourceLocation)
            let (mine, theirs) = (site.tree(), site.tree("clean"))
            #expect(mine.count == theirs.count && mine.count > 300, "\(step): \(mine.count) files against \(theirs.count)", sourceLocation: sourceLocation)
            let different = theirs.keys.filter { mine[$0] != theirs[$0] }.sorted()
            #expect(different.isEmpty, "\(step): \(different.prefix(5)) differ from a clean build", sourceLocation: sourceLocation)
            if reused {
                #expect(cached.filesWritten < mine.count / 2, "\(step): \(cached.filesWritten) of \(mine.count) files written again", sourceLocation: sourceLocation)
            }
            return cached
        }

        let first = expectSameAsClean("first build", reused: false)
        #expect(first.patchedDocuments == nil)
        let terms = try #require(first.termsScored)
        #expect(terms.again == terms.of && terms.of > 500, "a merged index: every term scored")
        // The search index is the last build's with the changed pages patched in (`IndexSnapshot`).
        let unchanged = expectSameAsClean("nothing changed")
        #expect(unchanged.patchedDocuments == 0)
        #expect(unchanged.linksKept, "nothing the Link stage reads changed: its last result is taken (`LinkMemo`)")
        // Into a folder of its own nothing can be kept: every page is rendered, each body read
        // back from where documents.memo holds it (`CachedParse`).
        #expect(site.build(output: "again").succeeded)
        #expect(site.tree("again") == site.tree("clean"), "every page rendered from cached bodies")
        #expect(site.build().filesWritten == 0, "an unchanged site writes nothing")

        try site.write(edited, try site.read(edited) + "\nA paragraph added after the last build, about [[\(String(documents[1].dropLast(3)))]].\n")
        let linked = expectSameAsClean("a body edited (a link added)")
        #expect(linked.patchedDocuments == 1)
        #expect(!linked.linksKept, "a link added: the Link stage runs again")

        try site.write(edited, try site.read(edited) + "\nA sentence added after the last link, which links nothing.\n")
        let reworded = expectSameAsClean("text added after the last link (the Link stage's last result taken)")
        #expect(reworded.linksKept, "no link, heading or position changed")
        #expect(reworded.patchedDocuments == 1, "the page's text and terms are still this build's")
        // The page's terms are scored again; the others' entries are known unchanged (`ScoredTerms`).
        let rescored = try #require(reworded.termsScored)
        #expect(rescored.again > 10 && rescored.again < rescored.of / 2, "\(rescored.again) of \(rescored.of) terms scored again")

        // Six hundred words move the average body length, which every impact is scored with.
        try site.write(edited, try site.read(edited) + "\n" + String(repeating: "Words enough to move the average length of a body. ", count: 60) + "\n")
        let lengthened = expectSameAsClean("a long passage added (the average body length moved)")
        #expect(lengthened.termsScored.map { $0.again == $0.of } == true, "every term scored again")

        let moved = try site.read(edited)
        try site.write(edited, moved.replacingCharacters(in: moved.range(of: "\n---\n")!, with: "\n---\n\nA first paragraph that moves every link below it.\n"))
        #expect(!expectSameAsClean("a line added above the links (their positions moved)").linksKept)

        let text = try site.read(retitled)
        try site.write(retitled, text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Renamed — ", options: [], range: text.range(of: "\ntitle: ")))
        // A build that patched fewer pages than a quarter of what it may (a 120-page site may patch
        // 9, so fewer than 2) leaves the index it started from (`keepsIndex`): the next one patches
        // every page changed since.
        #expect(expectSameAsClean("a title changed (cards, backlinks, and the wiki link label in an unchanged document)").patchedDocuments == 2)

        let recased = try site.read(edited).components(separatedBy: "\n").map { $0.hasPrefix("title: ") ? $0.uppercased() : $0 }
        try site.write(edited, recased.joined(separator: "\n").replacingOccurrences(of: "\nTITLE: ", with: "\ntitle: "))
        #expect(expectSameAsClean("a title changed in case only (graph.json and cards; the search terms and See also stay)").patchedDocuments == 1, "the last build patched 2 and kept its index")

        let tagged = try site.read(retagged)
        try site.write(retagged, tagged.replacingOccurrences(of: "\ntags: [", with: "\ntags: [cache-test-tag, "))
        #expect(expectSameAsClean("a taxonomy value added (new term pages, listings)").patchedDocuments == 2)

        // A page that loses words: their terms are scored again too, with one page fewer.
        let losing = "content/practices/" + documents[3]
        let parts = try site.read(losing).components(separatedBy: "\n---\n")
        let body = parts.dropFirst().joined(separator: "\n---\n")
        let word = try #require(body.split { !$0.isLetter }.first { $0.count >= 6 && !parts[0].lowercased().contains($0.lowercased().prefix(4)) })
        let stem = word.lowercased().prefix(4)
        let lost = body.split(separator: " ", omittingEmptySubsequences: false).map { $0.lowercased().hasPrefix(stem) ? "quokkaword" : String($0) }.joined(separator: " ")
        try site.write(losing, parts[0] + "\n---\n" + lost)
        let lessened = expectSameAsClean("words taken out of a page (\(word))")
        #expect(lessened.patchedDocuments == 1 && lessened.termsScored.map { $0.again < $0.of / 2 } == true)

        try site.write("content/lessons/cache-new-lesson.md", "---\ntitle: A lesson added later\nsummary: It links to an existing practice.\ndate: 2030-01-01\ntags: [cache-test-tag]\n---\nSee [the practice](../practices/\(documents[0])), [another](../practices/\(documents[2])) and [[\(slug)]].\n")
        #expect(expectSameAsClean("a document added (backlinks, newest first, home page)").patchedDocuments == nil, "another number of pages: merged afresh")

        let moving = try site.read(retagged)
        try site.write(retagged, "---\nslug: cache-moved-practice\n" + moving.dropFirst(4))
        expectSameAsClean("a linked document's address changed (links in unchanged documents)")

        try site.move("content/lessons/cache-new-lesson.md", to: "content/lessons/cache-renamed-lesson.md")
        expectSameAsClean("a document renamed")

        try site.delete("content/lessons/cache-renamed-lesson.md")
        expectSameAsClean("a document deleted")

        try site.write("site.yml", ((try? site.read("site.yml")) ?? "") + "\npage_size: 7\n")
        expectSameAsClean("site.yml changed", reused: false)

        try site.write("templates/partials/card.mustache", try site.read("themes/default/templates/partials/card.mustache").replacingOccurrences(of: "<article class=\"card", with: "<article data-test=\"1\" class=\"card"))
        expectSameAsClean("a template overridden", reused: false)
    }

    /// A page taken from `documents.memo` is read without what only linking reads (its links'
    /// places, where its keys were written): when the Link stage runs again, it is read again
    /// whole. A link in an unchanged page to a page deleted since, and a slug an unchanged page
    /// now shares, are reported where they are written, as a clean build reports them.
    @Test func anUnchangedPagesLinksAndKeysAreReportedWhereTheyAreWrittenWhenLinkingRunsAgain() throws {
        let site = try DiskSite("""
        -- content/practices/a.md --
        ---
        title: A
        summary: S
        date: 2025-01-31
        slug: shared
        ---
        Body.

        See [the other practice](b.md) here.
        -- content/practices/b.md --
        ---
        title: B
        summary: S
        date: 2025-01-31
        ---
        Body.
        """)
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(site.build().linksKept)
        try site.delete("content/practices/b.md")
        try site.write("content/practices/c.md", "---\ntitle: C\nsummary: S\ndate: 2025-01-31\nslug: shared\n---\nBody.\n")
        let (cached, clean) = (site.build(), site.build(output: "clean", cache: false))
        #expect(!cached.linksKept)
        let found = cached.diagnostics.filter { $0.location.path == "content/practices/a.md" }.map(\.description)
        #expect(found.contains { $0.hasPrefix("content/practices/a.md:5:1: error:") }, "the shared slug, where a.md writes it: \(found)")
        #expect(found.contains { $0.hasPrefix("content/practices/a.md:9:5: error:") }, "the link to the deleted page, where it is written: \(found)")
        #expect(cached.diagnostics.map(\.description) == clean.diagnostics.map(\.description))
    }

    /// The memos' fingerprint names the running binary by the file its code was loaded from, so
    /// that `praxis` run by any path finds the same cache (the test process here).
    @Test func theCacheNamesTheRunningCodeByTheFileItWasLoadedFrom() throws {
        #if os(Linux)
        let executable = try #require(realpath("/proc/self/exe", nil))
        defer { free(executable) }
        #expect(CodeIdentity.imagePath() == String(cString: executable))
        #expect(CodeIdentity.current.hasPrefix(String(cString: executable) + " "))
        #endif
    }

    @Test func aBuildThatKeepsEverySearchFileStillRemembersEveryResultForTheNext() throws {
        let site = try DiskSite.generated(documents: 30)
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(site.build().filesWritten == 0)
        let paths = ProjectPaths(root: site.root)
        let cache = BuildCache(paths: paths, fileSystem: DiskFileSystem(), siteFile: (try? DiskFileSystem().read(paths.siteFile)) ?? Data())
        for name in ["documents", "terms", "excerpts"] {
            #expect(cache.memo(name).count == 30, "\(name).memo after a build that made nothing again")
        }
    }

    @Test func aSearchShardTheLastBuildMadeFromTheSameInputsIsNotMadeAgain() throws {
        let site = try DiskSite.generated(documents: 12)
        defer { site.remove() }
        let search = try SearchFiles(site)
        let seed = ContentHash(high: 7, low: 7)
        let first = search.files(seed: seed)
        let keys = SearchFiles.keys(first)
        #expect(keys.keys.filter { $0.hasPrefix("search/docs-") }.count == 6, "three shards of four documents, each as .json and .js")
        #expect(keys.keys.contains { $0.hasPrefix("search/pairs-") })
        #expect(keys.keys.contains { $0.hasPrefix("search/terms-") })
        #expect(keys.keys.allSatisfy { ["search/docs-", "search/pairs-", "search/terms-"].contains(where: $0.hasPrefix) })
        let again = search.files(seed: seed) { path, key in keys[path] == key }
        #expect(again.count == first.count - keys.count && !again.contains { keys[$0.path] != nil })
        #expect(search.files(seed: ContentHash(high: 8, low: 8)) { path, key in keys[path] == key }.count == first.count, "another site.yml or Praxis makes them all again")
    }

    /// An edit changes the documents of a few word pairs: only the pair shards that hold them
    /// are made again, and every shard kept is, byte for byte, the one a fresh build makes.
    @Test func anEditMakesOnlyThePairShardsItChangesAgain() throws {
        let site = try DiskSite.generated(documents: 60)
        defer { site.remove() }
        let seed = ContentHash(high: 7, low: 7)
        let before = try SearchFiles(site).files(seed: seed)
        let keys = SearchFiles.keys(before)
        // Four words of another document: their three pairs are in the index already, and gain a
        // document; each is filed under its first word, in one shard, and the packing may shift a
        // boundary or two after them. Each shard is two files.
        let documents = try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices").sorted().map { "content/practices/" + $0 }
        let line = try site.read(documents[1]).split(separator: "\n").last { $0.count > 40 && $0.first!.isLetter }!
        try site.write(documents[0], try site.read(documents[0]) + "\n" + line.split(separator: " ").prefix(4).joined(separator: " ") + "\n")
        let search = try SearchFiles(site)
        let fresh = search.files(seed: seed)
        let made = search.files(seed: seed) { path, key in keys[path] == key }
        let pairs = { (files: [RenderedFile]) in files.filter { $0.path.hasPrefix("search/pairs-") } }
        #expect(pairs(made).count >= 2 && pairs(made).count <= 10, "\(pairs(made).count) of \(pairs(fresh).count) pair files made again")
        let old = Dictionary(uniqueKeysWithValues: before.map { ($0.path, $0.content) })
        let kept = pairs(fresh).filter { file in !made.contains { $0.path == file.path } }
        #expect(kept.allSatisfy { old[$0.path] == $0.content }, "a kept pair file is the last build's, byte for byte")
    }

    /// A rebuild whose edits the Link stage cannot see takes its result from `links.memo`, the
    /// order of the pages and every taxonomy too: what it reads back is what linking makes.
    @Test func theLinkStagesResultReadsBackWithItsOrderAndTaxonomies() throws {
        let site = try DiskSite.generated(documents: 60)
        defer { site.remove() }
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: ProjectPaths(root: site.root), schema: Schema.defaults).load()
        let parsed = tree.documents.compactMap { PageParser(schema: Schema.defaults).parse($0).0 }
        let (linked, diagnostics) = LinkResolver(config: SiteConfig(), includeDrafts: false).link(parsed, files: tree)
        var writer = BinaryWriter()
        LinkMemo.write(linked, diagnostics, parsed: parsed, to: &writer)
        let (back, backDiagnostics) = try writer.bytes.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            return try LinkMemo.read(&reader, parsed: parsed, config: SiteConfig(), bodies: nil)
        }
        #expect(back.pages.map(\.outputPath) == linked.pages.map(\.outputPath) && backDiagnostics == diagnostics)
        #expect(back.newestFirst == linked.newestFirst && Set(back.newestFirst).count == linked.pages.count)
        func terms(_ site: LinkedSite) -> [[String]] {
            site.taxonomies.map { taxonomy in taxonomy.terms.map { "\(taxonomy.field.name) \($0.text) \($0.slug) \($0.pages)" } }
        }
        #expect(terms(back) == terms(linked) && terms(linked).joined().count > 50)
        #expect(back.taxonomies.map(\.slugs) == linked.taxonomies.map(\.slugs))

        // An order that names a page twice (and so leaves one out) is damage, not an order.
        var broken = linked
        broken.newestFirst[0] = broken.newestFirst[1]
        var brokenWriter = BinaryWriter()
        LinkMemo.write(broken, diagnostics, parsed: parsed, to: &brokenWriter)
        #expect(throws: BinaryReader.Damaged.self) {
            try brokenWriter.bytes.withUnsafeBytes { bytes in
                var reader = BinaryReader(bytes)
                _ = try LinkMemo.read(&reader, parsed: parsed, config: SiteConfig(), bodies: nil)
            }
        }
    }

    /// links.memo holds addresses, titles, the order of the pages and the taxonomies, which read
    /// back as other values that look valid when a byte of them changes: it is sealed, and a
    /// damaged one is not used.
    @Test func aDamagedLinkMemoIsNotUsed() throws {
        let site = try DiskSite.generated(documents: 40)
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(site.build().linksKept)
        let clean = site.tree()
        let path = site.root + "/.praxis-cache/links.memo"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // A letter of a title, an address or a term, well inside the value.
        let letter = try #require((bytes.count / 2..<bytes.count).first { (97...122).contains(bytes[$0]) })
        bytes[letter] = bytes[letter] == 122 ? 121 : bytes[letter] + 1
        try bytes.write(to: URL(fileURLWithPath: path))
        let report = site.build()
        #expect(report.succeeded && !report.linksKept)
        #expect(site.tree() == clean)
    }

    @Test func aDamagedOrForeignCacheIsIgnored() throws {
        let site = try DiskSite.generated(documents: 40)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let clean = site.tree()
        for name in ["documents.memo", "terms.memo"] {
            let path = site.root + "/.praxis-cache/" + name
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.count > 1000)
            bytes.removeLast(bytes.count / 3)                      // truncated
            bytes[bytes.count / 2] ^= 0xFF                          // and damaged
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        try site.delete("_site")
        let report = site.build()
        #expect(report.succeeded)
        #expect(site.tree() == clean)
    }

    /// The search index kept for the next build (`IndexSnapshot`) is checked part by part: a
    /// damaged one is not patched but merged afresh, and the next build patches again.
    @Test func aDamagedIndexSnapshotIsMergedAfreshNotPatched() throws {
        let site = try DiskSite.generated(documents: 40)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let path = site.root + "/.praxis-cache/index.memo"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        let edited = try #require(try FileManager.default.contentsOfDirectory(atPath: site.root + "/content/practices").filter { $0.hasSuffix(".md") }.sorted().first)
        try site.write("content/practices/" + edited, try site.read("content/practices/" + edited) + "\nAn edit after the snapshot was damaged.\n")
        let cached = site.build()
        #expect(cached.succeeded && cached.patchedDocuments == nil)
        #expect(site.build(output: "clean", cache: false).succeeded)
        #expect(site.tree() == site.tree("clean"))
        try site.write("content/practices/" + edited, try site.read("content/practices/" + edited) + "\nAnd another.\n")
        #expect(site.build().patchedDocuments == 1)
    }

    @Test func aCacheFolderThatIsALinkIsNeitherReadNorWritten() throws {
        let site = try DiskSite.generated(documents: 10)
        let elsewhere = try DiskSite()
        defer { site.remove(); elsewhere.remove() }
        try FileManager.default.createSymbolicLink(atPath: site.root + "/.praxis-cache", withDestinationPath: elsewhere.root)
        #expect(site.build().succeeded)
        let written = try FileManager.default.contentsOfDirectory(atPath: elsewhere.root).filter { $0.hasSuffix(".memo") }
        #expect(written.isEmpty)
    }

    @Test func checkReadsTheCacheButWritesNoMemo() throws {
        let site = try DiskSite.generated(documents: 10)
        defer { site.remove() }
        #expect(site.build(write: false).succeeded)
        for memo in ["documents", "sources", "terms", "index", "excerpts"] {
            #expect(!FileManager.default.fileExists(atPath: site.root + "/.praxis-cache/\(memo).memo"), "\(memo).memo")
        }
    }

    /// `praxis check` keeps the pages' HTML in a scratch file in the cache folder, as a build
    /// does; when that file cannot be written, it says so and what to do, not that a site was not
    /// written, and `--no-cache` (memory) checks the site.
    @Test func checkSaysWhenItsScratchFileCannotBeWritten() throws {
        let site = try DiskSite.generated(documents: 10)
        defer { site.remove() }
        #expect(site.build().succeeded)
        // A page the cache does not hold is parsed, and its HTML put aside.
        let document = try #require(FileManager.default.subpaths(atPath: site.root + "/content")?.sorted().first { $0.hasSuffix(".md") })
        try (site.read("content/" + document) + "\nA sentence added before the check.\n").write(toFile: site.root + "/content/" + document, atomically: false, encoding: .utf8)
        let full = FullScratchFileSystem()
        let report = SiteBuilder(fileSystem: full, paths: ProjectPaths(root: site.root), options: .init(write: false)).run()
        let problem = try #require(report.diagnostics.first { $0.id == "praxis.check.scratch-failed" })
        #expect(problem.location.path == ".praxis-cache")
        #expect(problem.message.contains("No space left on device") && problem.message.contains("praxis check --no-cache"))
        #expect(!report.diagnostics.contains { $0.id == "praxis.output.write-failed" })
        #expect(SiteBuilder(fileSystem: full, paths: ProjectPaths(root: site.root), options: .init(write: false, useCache: false)).run().succeeded)
    }

    @Test func everyParsedPageAndItsTermsSurviveTheBinaryForm() throws {
        let site = try DiskSite.generated(documents: 60)
        defer { site.remove() }
        for (path, text) in TestSite.blocks(Self.awkward) { try site.write(path, text) }
        let paths = ProjectPaths(root: site.root)
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: paths, schema: Schema.defaults).load()
        var tokenizer = SearchTokenizer(settings: SearchSettings(language: "en", stem: true, stopWords: ["the", "of"], textFields: []))
        for file in tree.documents {
            let (page, diagnostics) = PageParser(schema: Schema.defaults).parse(file)
            let result = ParseResult(page: page, diagnostics: diagnostics)
            var writer = BinaryWriter()
            result.write(to: &writer)
            let back = try writer.bytes.withUnsafeBytes { bytes in
                var reader = BinaryReader(bytes)
                return try ParseResult(from: &reader)
            }
            #expect(back.page == page, "\(file.path)")
            #expect(back.diagnostics == diagnostics, "\(file.path)")

            // As documents.memo keeps it: the body's HTML and sections after the rest, left in the file.
            let memoFiles = InMemoryFileSystem(), memoPath = "/memo/documents.memo", fingerprint = ContentHash(high: 5, low: 6)
            let next = MemoWriter(path: memoPath, fingerprint: fingerprint, fileSystem: memoFiles)
            let linkKey = page.map(LinkMemo.key(of:))
            next.add(file.contentKey) { CachedParse.write(result, to: &$0) }
            next.finish()
            let cached = try #require(MemoFile(path: memoPath, fingerprint: fingerprint, fileSystem: memoFiles).stored(for: file.contentKey) { try CachedParse(from: &$0, key: file.contentKey) })
            let bodies = BodyStore(scratch: MemoryScratchFile())
            var restored = cached.result.page
            restored?.body.html = bodies.html(bodies.put(stored: cached.html))
            restored?.body.sections = bodies.sections(bodies.put(stored: cached.sections))
            #expect(restored == page && cached.result.diagnostics == diagnostics && bodies.problem == nil, "\(file.path)")
            #expect(cached.linkKey == linkKey && cached.result.page.map(LinkMemo.key(of:)) == linkKey, "\(file.path): the Link stage's key, kept and made again")

            guard let page else { continue }
            var terms = DocumentTerms()
            terms.add(page.title, to: .title, with: &tokenizer)
            for section in page.body.sections { terms.add(section.text, to: .body, with: &tokenizer) }
            terms.finish()
            var termWriter = BinaryWriter()
            terms.write(to: &termWriter)
            let termsBack = try termWriter.bytes.withUnsafeBytes { bytes in
                var reader = BinaryReader(bytes)
                return try DocumentTerms(from: &reader)
            }
            #expect(termsBack.terms == terms.terms && termsBack.counts == terms.counts && termsBack.pairs == terms.pairs && termsBack.lengths == terms.lengths)
            var (words, wordsBack) = ([String: InvertedIndex.WordUse](), [String: InvertedIndex.WordUse]())
            terms.collectWords(into: &words)
            termsBack.collectWords(into: &wordsBack)
            #expect(words == wordsBack)
        }
    }

    /// Values of every kind the binary form must keep: periods, tables, links, dates, undeclared
    /// fields, diagnostics with positions, non-ASCII text.
    static let awkward = """
    -- content/case-studies/awkward-case.md --
    ---
    title: "Données ouvertes: São Tomé"
    summary: A case with every kind of value
    date: 2024-02-29
    updated: 2025-01-31
    period: {start: 2019, end: 2021}
    outcomes:
      - {metric: Waiting time, before: 30 days, after: 5 days}
    practices: [../practices/nowhere.md]
    unknown_field: {nested: [a, b, {c: d}]}
    level: provinical
    ---
    # Heading one
    Text with a [link](#missing) and ![](picture.png) and <b>raw</b> and [[wiki|label]].

    | a | b |
    |---|---|
    | 1 | 2 |

    - [x] done
    """
}

/// The files under `search/` for a site on disk, as the Index stage makes them with a cache seed.
private struct SearchFiles {
    let linked: LinkedSite
    let index: InvertedIndex
    let search = SearchIndexBuilder(config: SiteConfig())

    init(_ site: DiskSite) throws {
        let (tree, _) = ContentLoader(fileSystem: DiskFileSystem(), paths: ProjectPaths(root: site.root), schema: Schema.defaults).load()
        (linked, _) = LinkResolver(config: SiteConfig(), includeDrafts: false).link(tree.documents.compactMap { PageParser(schema: Schema.defaults).parse($0).0 }, files: tree)
        index = search.index(of: linked)
    }

    /// The files made, given what `keep` keeps.
    func files(seed: ContentHash, keep: @escaping @Sendable (String, ContentHash) -> Bool = { _, _ in false }) -> [RenderedFile] {
        let made = FileCollector()
        search.files(for: linked, index: index, seed: seed, keep: keep) { made.add($0) }
        return made.files
    }

    /// The key of every file made that has one.
    static func keys(_ files: [RenderedFile]) -> [String: ContentHash] {
        Dictionary(files.compactMap { file in file.renderKey.map { (file.path, $0) } }) { key, _ in key }
    }
}

/// The disk, with every scratch file full: nothing can be appended to it.
final class FullScratchFileSystem: ForwardingFileSystem, @unchecked Sendable {
    override func scratchFile(in directory: String) throws -> any ScratchFile { FullScratchFile() }
}

private struct FullScratchFile: ScratchFile {
    func append(_ data: Data) throws -> Range<Int> { throw FileSystemError(path: "scratch", reason: "No space left on device") }
    func read(_ range: Range<Int>) throws -> Data { Data() }
}
