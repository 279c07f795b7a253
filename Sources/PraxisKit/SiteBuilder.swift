import Foundation

/// Runs the stages in order; read this file as the table of contents of Praxis.
///
///     site.yml ─ SiteConfigReader ─▶ SiteConfig
///     content/ ─ ContentLoader ─▶ ContentTree ─ PageParser ─▶ [ParsedPage]
///              ─ LinkResolver ─▶ LinkedSite ─ SearchIndexBuilder ─▶ InvertedIndex ─▶ [RenderedFile] (search/)
///                                          └─ SimilarityRanker (See also, from the same index) ─▶ LinkedSite
///                                          ─ PageRenderer ─▶ RenderedFile … ─ OutputSession ─▶ _site/
public struct SiteBuilder: Sendable {
    public struct Options: Sendable {
        public var includeDrafts = false
        /// `praxis check` validates everything and writes nothing.
        public var write = true
        /// A live display of the stages, e.g. the command line's.
        public var progress: (any BuildProgress)?
        /// Reuse what the last build computed for unchanged inputs (`BuildCache`); a build that
        /// writes also records what it computed for the next one.
        public var useCache = true
        /// The process ends when the build returns (the command line). Then what the build holds
        /// at the end is not freed, and neither is what a rebuild's stages leave on the way
        /// (`Leftovers`): the system takes it all back at once. A full build still frees as it
        /// goes, to keep its peak down (a large site's parsed pages and sources).
        public var endsProcess = false
        public init(includeDrafts: Bool = false, write: Bool = true, progress: (any BuildProgress)? = nil, useCache: Bool = true,
                    endsProcess: Bool = false) {
            self.includeDrafts = includeDrafts
            self.write = write
            self.progress = progress
            self.useCache = useCache
            self.endsProcess = endsProcess
        }
    }

    public let fileSystem: any FileSystem
    public let paths: ProjectPaths
    public let options: Options

    public init(fileSystem: any FileSystem = DiskFileSystem(), paths: ProjectPaths, options: Options = Options()) {
        self.fileSystem = fileSystem
        self.paths = paths
        self.options = options
    }

    public func run() -> BuildReport {
        let leftovers = Leftovers(untilExit: options.endsProcess)
        let report = run(keeping: leftovers)
        leftovers.release()
        return report
    }
}

private extension SiteBuilder {
    /// The build; what it still holds at the end goes to `leftovers`, to be freed off the caller's thread.
    func run(keeping leftovers: Leftovers) -> BuildReport {
        var timer = StageTimer(progress: options.progress)
        var diagnostics: [Diagnostic] = []
        var report = BuildReport()
        let (config, siteFile) = timer.measure("config") { readConfig(&diagnostics) }
        // One cache for the whole build, for the very site.yml the configuration came from.
        let cache = options.useCache ? BuildCache(paths: paths, fileSystem: fileSystem, siteFile: siteFile) : nil
        // The file system's time now: what changed since is not recorded as unchanged (`BuildClock`).
        let clock = options.write ? cache?.clock() : nil
        // The pages' HTML waits in a scratch file from the moment each page is parsed (`BodyStore`).
        // With a cache, the scratch file is there, and the output folder is checked and the kept
        // site taken over (both walk a whole site) beside loading, parsing and linking; without
        // one, it is in the staging folder, begun first. `praxis check` keeps it in the cache folder (below) or in memory.
        let configFailed = diagnostics.hasErrors
        // The output folder and the kept site are looked into only where their folders changed;
        // what the build finds, and the site it commits, is recorded for the next build.
        let folders = memos("folders", cache)
        let listings = FolderListings(fileSystem: fileSystem, last: folders.last, next: folders.next, clock: clock)
        let prepare: @Sendable () -> (OutputSession?, [Diagnostic]) = { [self] in prepareOutput(configFailed: configFailed, listings) }
        let scratchInCache = clock == nil ? nil : cache?.scratchFile()
        var session: OutputSession?
        var prepared: [Diagnostic] = []
        if options.write, scratchInCache == nil { (session, prepared) = timer.measure("prepare", prepare) }
        // `praxis check` writes nothing, but a large site's pages would fill memory (gigabytes at
        // 100,000 documents): they wait in a scratch file in the cache's folder when there is one.
        let checkScratch = options.write ? nil : cache?.scratchFile()
        let bodies = BodyStore(scratch: scratchInCache ?? checkScratch ?? (try? session?.scratchFile()) ?? MemoryScratchFile())
        var site: LinkedSite
        // Where what the stages leave goes: kept until the end in a rebuild (`Leftovers.forStages`).
        var stageLeftovers: Leftovers
        // The last build's search index, which the index stage patches when few pages changed.
        let snapshots = memos("index", cache)
        var snapshot: IndexSnapshot?
        if scratchInCache != nil {
            // Read beside loading and parsing too, once the output is prepared: it needs nothing
            // of this build's pages, and those stages leave a core idle for a while.
            let ((beside, measurement, read), linked) = alongside({
                let (prepared, measurement) = StageTimer.measured("prepare", prepare)
                return (prepared, measurement, IndexSnapshot(snapshots.last)?.read())
            }, {
                loadParseAndLink(config, bodies, cache, clock, leftovers, &timer, &diagnostics, &report)
            })
            timer.record(measurement)
            ((session, prepared), (site, stageLeftovers), snapshot) = (beside, linked, read)
        } else {
            (site, stageLeftovers) = loadParseAndLink(config, bodies, cache, clock, leftovers, &timer, &diagnostics, &report)
            snapshot = IndexSnapshot(snapshots.last)
        }
        diagnostics += prepared
        let (theme, themeDiagnostics) = timer.measure("theme") { ThemeLoader(fileSystem: fileSystem, paths: paths, config: config).load() }
        diagnostics += themeDiagnostics
        if let problem = bodies.problem { diagnostics.append(scratchFailed(problem)) }
        if !diagnostics.hasErrors {
            // Files go to the staging folder as soon as they exist, so the site never sits in memory
            // whole. A path given twice is found by the staging folder's session, or else from the paths.
            let outputs = FileCollector(keepsContent: false, keepsPaths: session == nil)
            let staging = session
            let emit: @Sendable (RenderedFile) -> Void = { file in
                outputs.add(file)
                staging?.add(file)
            }
            // A page or search file the last build wrote from the same inputs is kept as it is, not made again.
            let keep: @Sendable (String, ContentHash) -> Bool = { path, key in
                guard let staging, staging.reuse(path, renderKey: key) else { return false }
                outputs.add(path)
                return true
            }
            // The search index and "See also" share one tokenisation of every page.
            timer.measure("index") {
                let search = SearchIndexBuilder(config: config)
                let terms = memos("terms", cache)
                let (index, patched, before) = search.index(of: site, settings: search.settings, memo: terms.last, next: terms.next,
                                                            snapshot: snapshot)
                terms.next?.finish()
                report.patchedDocuments = patched
                // "See also" is ranked while the search files are made (neither reads the other),
                // and then the index is kept as the next build's starting point, with its terms'
                // entries (not when the last build's is still the better one to patch,
                // `keepsIndex`): they fill each other's pauses on the cores. "See also" ranks
                // again only the pages an edit can reach (`SimilarityMemo`).
                let keys = site.pages.indices.map { site.pages[$0].page.sourceHash }
                let nextSnapshot = SearchIndexBuilder.keepsIndex(patched: patched, pages: keys.count) ? snapshots.next : nil
                let (excerpts, similar) = (memos("excerpts", cache), memos("similar", cache))
                let (linked, shardLeftovers) = (site, stageLeftovers)
                (report.termsScored, (site, report.pagesRankedAgain)) = alongside({
                    let scored = search.files(for: linked, index: index, memo: excerpts.last, next: excerpts.next, before: before,
                                              seed: cache?.fingerprint, leftovers: shardLeftovers, keep: keep, emit: emit)
                    if let nextSnapshot {
                        IndexSnapshot.write(index, keys: keys, scored: scored, to: nextSnapshot)
                        nextSnapshot.finish()
                    }
                    return (scored.scoredAgain, scored.facts.count)
                }, { SimilarityRanker.suggest(in: linked, index: index, memo: similar.last, next: similar.next) })
                excerpts.next?.finish()
                similar.next?.finish()
            }
            // An index read ahead and not patched (too many pages changed) is freed with the rest, at the end.
            if let unused = snapshot { leftovers.keep(unused) }
            snapshot = nil
            FreedMemory.release()
            let renderDiagnostics = timer.measure("render", total: site.pages.count) {
                PageRenderer(progress: options.progress, cacheSeed: cache?.fingerprint).render(site, theme: theme, emit: emit, keep: keep)
            }
            let repeated = session?.repeatedPaths ?? PageRenderer.repeated(outputs.paths)
            diagnostics += renderDiagnostics + PageRenderer.collisions(repeated: repeated, copiedFrom: outputs.origins, project: paths)
            if let problem = bodies.problem { diagnostics.append(scratchFailed(problem)) }
        }
        if let session {
            if diagnostics.hasErrors {
                session.abandon()
            } else {
                timer.measure("write") {
                    do { (report.filesWritten, report.bytesWritten) = try session.commit() } catch { diagnostics.append(writeFailed(error)) }
                }
            }
        }
        listings.finish()
        report.diagnostics = diagnostics.sorted()
        report.stages = timer.stages
        report.seconds = timer.elapsed
        leftovers.keep(site)
        if let session { leftovers.keep(session) }
        return report
    }

    /// The first three stages, in a function of their own so that the sources and the parsed
    /// pages are let go of when it returns, and freed on another thread while the next stages
    /// run (tens of milliseconds for a large site): only the linked site goes on to rendering.
    func loadParseAndLink(_ config: SiteConfig, _ bodies: BodyStore, _ cache: BuildCache?, _ clock: BuildClock?, _ leftovers: Leftovers,
                          _ timer: inout StageTimer, _ diagnostics: inout [Diagnostic], _ report: inout BuildReport) -> (LinkedSite, stageLeftovers: Leftovers) {
        // A document whose file is as the last build read it, and whose parsed page the cache
        // holds, is not read at all (`SourceStamps`).
        let (documents, stamps) = (memos("documents", cache), memos("sources", cache))
        let loader = ContentLoader(fileSystem: fileSystem, paths: paths, schema: config.schema,
                                   known: cache.map { _ in SourceStamps.known(stamps.last, parsed: documents.last) })
        var (tree, loadDiagnostics) = timer.measure("load") {
            let loaded = loader.load()
            if let clock, let next = stamps.next { SourceStamps.record(loaded.0.documents, clock: clock, to: next) }
            return loaded
        }
        diagnostics += loadDiagnostics
        // Most pages taken from the cache, not read: a rebuild (`BuildReport.rebuilt`).
        report.rebuilt = tree.documents.count(where: \.isUnread) * 2 > tree.documents.count
        let parser = PageParser(schema: config.schema, rawHTML: config.rawHTML)
        let sources = ConcurrentResults(tree.documents)
        let count = tree.documents.count
        tree.documents = []  // the sources' bytes now belong to `sources` alone, which frees each once parsed
        let (parsed, linkKeys, partial) = timer.measure("parse", total: count) {
            parseAll(sources, count: count, parser, loader, bodies, documents, keysLinks: cache != nil, &diagnostics)
        }
        report.documents = parsed.indices.count { options.includeDrafts || !parsed[$0].isDraft }
        let (site, linkDiagnostics) = timer.measure("link") {
            link(parsed, keys: linkKeys, config, bodies, tree, cache, &report) { [documents] in
                whole(parsed, partial, documents.last, loader, parser)
            }
        }
        diagnostics += linkDiagnostics
        let stageLeftovers = Leftovers.forStages(of: leftovers, rebuilding: report.rebuilt, pages: count)
        stageLeftovers.free(consume parsed, consume sources, consume loader)
        return (site, stageLeftovers)
    }

    /// The Link stage, or its result as the last build recorded it when nothing it reads has
    /// changed since (`LinkMemo`). The stage itself runs on the pages as `whole` gives them: with
    /// everything linking reads, which pages taken from the memo are read without (`parseAll`).
    func link(_ parsed: [ParsedPage], keys: [ContentHash]?, _ config: SiteConfig, _ bodies: BodyStore, _ files: ContentTree,
              _ cache: BuildCache?, _ report: inout BuildReport,
              whole: () -> (pages: [ParsedPage], problems: [Diagnostic])) -> (LinkedSite, [Diagnostic]) {
        let resolver = LinkResolver(config: config, includeDrafts: options.includeDrafts)
        func linked() -> (site: LinkedSite, diagnostics: [Diagnostic], problems: [Diagnostic], pages: [ParsedPage]) {
            let (pages, problems) = whole()
            let (site, diagnostics) = resolver.link(pages, bodies: bodies, files: files)
            return (site, diagnostics, problems, pages)
        }
        guard cache != nil, let keys else {
            let result = linked()
            return (result.site, result.problems + result.diagnostics)
        }
        let (last, next) = memos("links", cache)
        defer { next?.finish() }
        let key = LinkMemo.key(pages: parsed, keys: keys, files: files, includeDrafts: options.includeDrafts)
        if let kept = last.sealed(for: key, { try LinkMemo.read(&$0, parsed: parsed, config: config, bodies: bodies) }) {
            next?.keep(key)
            report.linksKept = true
            return kept
        }
        let (site, diagnostics, problems, pages) = linked()
        // Linked from pages that could not all be made whole, the result is this build's only:
        // its errors stop the build, and the next one links again.
        if problems.isEmpty { next?.addSealed(key) { LinkMemo.write(site, diagnostics, parsed: pages, to: &$0) } }
        return (site, problems + diagnostics)
    }

    /// `parsed` with each page `parseAll` took from the memo without what only linking reads
    /// (`partial`, by its place in `parsed`) read again whole, or, should the memo not give it
    /// back, parsed again from its file. Its body stays where the memo keeps it, and its
    /// diagnostics were told already. `problems` are errors for the pages that could not be made
    /// whole (their files can no longer be read, or changed since they were loaded), which stay
    /// as they were.
    func whole(_ parsed: [ParsedPage], _ partial: [(place: Int, file: SourceFile)], _ memo: MemoFile,
               _ loader: ContentLoader, _ parser: PageParser) -> (pages: [ParsedPage], problems: [Diagnostic]) {
        let found = ConcurrentResults<Result<ParsedPage, Diagnostic>>(count: partial.count)
        DispatchQueue.concurrentPerform(iterations: partial.count) { number in
            let (place, file) = partial[number]
            let key = file.contentKey
            found[number] = Result { () throws(Diagnostic) -> ParsedPage in
                var page: ParsedPage
                if let stored = memo.stored(for: key, decode: { try CachedParse(from: &$0, key: key) })?.result.page {
                    page = stored
                } else {
                    let read: SourceFile
                    do { read = try loader.reading(file) } catch { throw ContentLoader.unreadable(file.path, error) }
                    // The page must be the one whose body and key this build holds.
                    guard read.bytesHash == file.bytesHash, let reparsed = parser.parse(read).0 else {
                        throw Diagnostic.error("praxis.load.changed", at: SourceLocation(path: file.path), "this file changed while the build was running; build again")
                    }
                    page = reparsed
                    (page.body.html, page.body.sections) = ("", [])
                }
                (page.bodySlot, page.sectionsSlot) = (parsed[place].bodySlot, parsed[place].sectionsSlot)
                return page
            }
        }
        var pages = parsed
        var problems: [Diagnostic] = []
        for number in partial.indices {
            switch found.take(number)! {
            case let .success(page): pages[partial[number].place] = page
            case let .failure(problem): problems.append(problem)
            }
        }
        return (pages, problems)
    }

    /// A staging folder for the new site, once the output folder is known to be safe to replace
    /// (with a kept site taken over); none, with the diagnostics saying why, when it is not or when
    /// site.yml has errors (then the output folder is only checked).
    func prepareOutput(configFailed: Bool, _ listings: FolderListings) -> (OutputSession?, [Diagnostic]) {
        let writer = OutputWriter(fileSystem: fileSystem, paths: paths, listings: listings)
        guard !configFailed else { return (nil, writer.check()) }
        let prepared = writer.prepare(keepingReplaced: options.useCache)
        return (prepared.session, prepared.diagnostics + (prepared.failure.map { [writeFailed($0)] } ?? []))
    }

    /// Memo `name` as the last build left it, and (for a build that writes) the next build's,
    /// which extends it.
    func memos(_ name: String, _ cache: BuildCache?) -> (last: MemoFile, next: MemoWriter?) {
        let last = cache?.memo(name) ?? MemoFile()
        return (last, options.write ? cache?.writer(name, extending: last) : nil)
    }

    /// The pages' HTML could not be kept aside: in a build, a failed write of the site; in
    /// `praxis check`, which writes no site, a failed write of its scratch file in the cache.
    func scratchFailed(_ error: Error) -> Diagnostic {
        guard !options.write else { return writeFailed(error) }
        return .error("praxis.check.scratch-failed", at: SourceLocation(path: BuildCache.folderName),
                      "could not keep the pages' HTML in a scratch file in \(BuildCache.folderName)/ while checking (\(error)); free some space there, or run `praxis check --no-cache`, which keeps it in memory")
    }

    func writeFailed(_ error: Error) -> Diagnostic {
        .error("praxis.output.write-failed", at: SourceLocation(path: paths.relative(paths.output)), "could not write the site (the previous site is unchanged): \(error)")
    }

    /// The configuration, and the bytes of site.yml it was read from (none without a site.yml).
    func readConfig(_ diagnostics: inout [Diagnostic]) -> (SiteConfig, Data) {
        guard fileSystem.exists(paths.siteFile) else { return (SiteConfig(), Data()) }
        guard let data = try? fileSystem.read(paths.siteFile), let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(.error("praxis.read.encoding", at: SourceLocation(path: "site.yml"), "site.yml cannot be read as UTF-8 text"))
            return (SiteConfig(), Data())
        }
        let (config, configDiagnostics) = SiteConfigReader().read(text)
        diagnostics += configDiagnostics
        return (config, data)
    }

    /// Documents are parsed on every core; `CMark` serialises the one step of cmark-gfm that is not
    /// thread-safe. A file parsed by the last build with the same key is taken from the cache.
    /// Each source's bytes are freed once the file is parsed, so the sources and the parsed pages
    /// of a large site are not in memory together.
    func parseAll(_ sources: ConcurrentResults<SourceFile>, count: Int, _ parser: PageParser, _ loader: ContentLoader, _ bodies: BodyStore,
                  _ memos: (last: MemoFile, next: MemoWriter?), keysLinks: Bool,
                  _ diagnostics: inout [Diagnostic]) -> (pages: [ParsedPage], linkKeys: [ContentHash]?, partial: [(place: Int, file: SourceFile)]) {
        let results = ConcurrentResults<(ParsedPage?, [Diagnostic], ContentHash?, partial: SourceFile?)>(count: count)
        let progress = options.progress
        let (memo, next) = memos
        DispatchQueue.concurrentPerform(iterations: count) { number in
            var file = sources.take(number)!
            var (page, found): (ParsedPage?, [Diagnostic])
            // The body and the sections' text go to the store at once (`BodyStore`); the page keeps
            // where. A page from the memo leaves them where the memo holds them (`CachedParse`).
            var linkKey: ContentHash?
            let contentKey = file.contentKey
            // Without what only linking reads, when the Link stage's result may come from its memo.
            var partial: SourceFile?
            if var cached = memo.stored(for: contentKey, decode: { try CachedParse(from: &$0, key: contentKey, forLinking: !keysLinks) }) {
                next?.keep(contentKey)
                // Moved out of the decoded value, not copied.
                (page, found, linkKey) = (cached.result.page.take(), cached.result.diagnostics, cached.linkKey)
                if page != nil {
                    page?.bodySlot = bodies.put(stored: cached.html)
                    page?.sectionsSlot = bodies.put(stored: cached.sections)
                    // Kept without its bytes, if they were read: the memo or the file has them.
                    if keysLinks { partial = file.isUnread ? file : file.unread(hashing: file.bytesHash) }
                }
            } else {
                // A file left unread for a cached page that did not read back after all.
                if file.isUnread {
                    do { file = try loader.reading(file) } catch {
                        results[number] = (nil, [ContentLoader.unreadable(file.path, error)], nil, nil)
                        progress?.advance(by: 1)
                        return
                    }
                }
                (page, found) = parser.parse(file)
                let result = ParseResult(page: page, diagnostics: found)
                // Only a build with a cache looks the Link stage's result up (`LinkMemo`); the
                // page's key is the hash of the bytes the memo keeps it in.
                if let next {
                    next.add(file.contentKey) { linkKey = CachedParse.write(result, to: &$0) }
                } else if keysLinks {
                    linkKey = page.map(LinkMemo.key(of:))
                }
                if let body = page?.body {
                    page?.bodySlot = bodies.put(body.html)
                    page?.sectionsSlot = bodies.put(body.sections)
                    page?.body.html = ""
                    page?.body.sections = []
                }
            }
            results[number] = (page.take(), found, linkKey, partial)
            progress?.advance(by: 1)
        }
        next?.finish()
        var pages: [ParsedPage] = []
        var linkKeys: [ContentHash] = []
        var partial: [(place: Int, file: SourceFile)] = []
        pages.reserveCapacity(count)
        for number in 0..<count {
            // Each result moved out of its place, not copied.
            var (page, found, linkKey, file) = results.take(number)!
            diagnostics += found
            if let page = page.take() {
                if let file { partial.append((pages.count, file)) }
                pages.append(page)
            }
            if let linkKey { linkKeys.append(linkKey) }
        }
        return (pages, linkKeys.count == pages.count ? linkKeys : nil, partial)
    }
}
