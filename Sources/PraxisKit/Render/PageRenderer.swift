import Foundation

/// The Render stage: every page of the site as `(path, bytes)`, plus the files to copy, handed
/// one by one to the caller (the writer stores them at once; tests collect them). Nothing is
/// written here; `collisions` finds two outputs for one path.
public struct PageRenderer: Sendable {
    let progress: (any BuildProgress)?
    /// What render keys start from (`BuildCache.fingerprint`); nil renders every page.
    let cacheSeed: ContentHash?

    public init(progress: (any BuildProgress)? = nil, cacheSeed: ContentHash? = nil) {
        self.progress = progress
        self.cacheSeed = cacheSeed
    }

    /// Every file of the site, handed to `emit` as soon as it is rendered — from several threads at
    /// once — so the writer can store pages while others are still being rendered. A page whose
    /// render key `keep` accepts (the last build wrote it from the same inputs) is not rendered.
    public func render(_ site: LinkedSite, theme source: ThemeSource, emit: @Sendable (RenderedFile) -> Void,
                       keep: @Sendable (String, ContentHash) -> Bool = { _, _ in false }) -> [Diagnostic] {
        let (theme, themeDiagnostics) = Theme.compile(source)
        guard !themeDiagnostics.hasErrors else { return themeDiagnostics }
        let builder = ContextBuilder(site: site, style: URLStyle(cleanURLs: site.config.cleanURLs))
            .withCards(theme)
        let keys = cacheSeed.map { RenderKeys(seed: $0, theme: source, site: site) }
        ListingRenderer(builder: builder, theme: theme, keys: keys).render(emit: emit, keep: keep)
        // graph.json is made from the whole site by one thread, beside the pages (the first turn).
        DispatchQueue.concurrentPerform(iterations: site.pages.count + 1) { turn in
            guard turn > 0 else {
                let graphKey = keys?.graph(site)
                if graphKey == nil || !keep(GraphExport.path, graphKey!) {
                    var graph = GraphExport.file(for: site, style: builder.style)
                    graph.renderKey = graphKey
                    emit(graph)
                }
                return
            }
            let number = turn - 1
            let (kind, outputPath) = (site.pages[number].page.kind.name, site.pages[number].outputPath)
            let template = theme.templates["document-\(kind)"] != nil ? "document-\(kind)" : "document"
            let key = keys?.document(number, of: site, template: template)
            if key == nil || !keep(outputPath, key!) {
                emit(.page(outputPath, theme.render(builder.document(number, body: site.html(of: number)), with: template), renderKey: key))
            }
            progress?.advance(by: 1)
        }
        for (path, origin) in source.assets.sorted(by: { $0.key < $1.key }) { emit(RenderedFile(path: path, content: .copy(origin))) }
        for copy in site.copies { emit(RenderedFile(path: copy.outputPath, content: .copy(copy.origin))) }
        return themeDiagnostics
    }

    /// Every file of the site in memory, in a stable order (for tests and small sites).
    public func render(_ site: LinkedSite, theme source: ThemeSource) -> ([RenderedFile], [Diagnostic]) {
        let files = FileCollector()
        let diagnostics = render(site, theme: source) { files.add($0) }
        return (files.files.sorted { $0.path < $1.path }, diagnostics)
    }

    /// The paths that come more than once in `paths` (a build that stages nothing; a build's
    /// output session finds them as it claims them, `OutputSession.repeatedPaths`).
    static func repeated(_ paths: [String]) -> Set<String> {
        var seen = Set<String>(minimumCapacity: paths.count), repeated: Set<String> = []
        for path in paths where !seen.insert(path).inserted { repeated.insert(path) }
        return repeated
    }

    /// Two outputs for one path (a page, a taxonomy term, a theme asset, a copied file or a search
    /// index file) would silently overwrite each other: an error for each path `repeated`. Where
    /// one of the two is a file copied from the repository (a page bundle's file, a static or theme
    /// asset), the error is on that file; otherwise on site.yml, whose kinds, taxonomies and
    /// options name the folders pages go to.
    public static func collisions(repeated: Set<String>, copiedFrom origins: [String: String] = [:], project: ProjectPaths? = nil) -> [Diagnostic] {
        repeated.sorted().map { path in
            if let origin = origins[path], let project, origin.hasPrefix(project.root + "/") {
                return .error("praxis.output.collision", at: SourceLocation(path: project.relative(origin)), "this file would be copied to \(path), where the site also writes a page or another file; rename or move it")
            }
            return .error("praxis.output.collision", at: SourceLocation(path: "site.yml"), "two outputs would be written to \(path) (a page, taxonomy term, theme asset or copied file share the path); rename one of them")
        }
    }
}

/// Files (or only their paths) handed over from several threads.
public final class FileCollector: @unchecked Sendable {
    private let lock = NSLock()
    private let keepsContent: Bool
    private var collected: [RenderedFile] = []
    private var collectedPaths: [String] = []
    private var collectedOrigins: [String: String] = [:]
    private let keepsPaths: Bool

    /// `keepsContent: false` keeps only the paths, for a build that writes as it renders;
    /// `keepsPaths: false` only where copied files come from, for a build whose output session
    /// finds the paths claimed twice itself (`OutputSession.repeatedPaths`).
    public init(keepsContent: Bool = true, keepsPaths: Bool = true) {
        self.keepsContent = keepsContent
        self.keepsPaths = keepsPaths
    }

    public func add(_ file: RenderedFile) {
        if case .bytes = file.content, !keepsContent, !keepsPaths { return }
        lock.withLock {
            if keepsPaths { collectedPaths.append(file.path) }
            if case let .copy(origin) = file.content { collectedOrigins[file.path] = origin }
            if keepsContent { collected.append(file) }
        }
    }

    /// A path kept from the last build without new content.
    public func add(_ path: String) {
        guard keepsPaths else { return }
        lock.withLock { collectedPaths.append(path) }
    }

    public var files: [RenderedFile] { lock.withLock { collected } }
    public var paths: [String] { lock.withLock { collectedPaths } }
    /// Output path → the file it is a copy of, for copied files.
    public var origins: [String: String] { lock.withLock { collectedOrigins } }
}
