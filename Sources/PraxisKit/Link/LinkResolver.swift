import Foundation

/// The Link stage: gives every page its output path, resolves body references and front matter
/// relations through hash lookups (linear in the number of links), and builds inverse relations.
public struct LinkResolver {
    public let config: SiteConfig
    public let includeDrafts: Bool

    public init(config: SiteConfig, includeDrafts: Bool) {
        self.config = config
        self.includeDrafts = includeDrafts
    }

    public func link(_ parsed: [ParsedPage], files: ContentTree) -> (LinkedSite, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let published = parsed.filter { includeDrafts || !$0.isDraft }.sorted { outputPath(of: $0) < outputPath(of: $1) }
        diagnostics += collisions(published)
        let index = Index(pages: published, all: parsed, outputPath: outputPath(of:))
        var copies: [String: FileCopy] = [:]
        for page in published {
            for asset in page.bundleAssets {
                let output = index.outputFolder(of: page) + String(asset.dropFirst(page.directory.count))
                copies[output] = FileCopy(outputPath: output, origin: files.fileOrigins[asset] ?? asset)
            }
        }
        for file in files.files where file.hasPrefix("static/") {
            copies[file] = FileCopy(outputPath: file, origin: files.fileOrigins[file] ?? file)
        }
        // Each page's references resolve independently: on every core, merged in page order.
        let style = URLStyle(cleanURLs: config.cleanURLs)
        let brokenIsError = config.brokenLinksAreErrors
        let resolved = ConcurrentResults<(resolver: ReferenceResolver, html: String)>(count: published.count)
        DispatchQueue.concurrentPerform(iterations: published.count) { number in
            var resolver = ReferenceResolver(page: published[number], index: index, files: files, style: style, brokenIsError: brokenIsError)
            let html = resolver.resolve()
            resolved[number] = (resolver, html)
        }
        var pages: [LinkedPage] = []
        pages.reserveCapacity(published.count)
        var edges = Set<GraphEdge>()
        var backlinks = [[Backlink]](repeating: [], count: published.count)
        for (number, var page) in published.enumerated() {
            let (resolver, html) = resolved[number]!
            diagnostics += resolver.diagnostics
            for copy in resolver.copies { copies[copy.outputPath] = copy }
            for (target, context) in resolver.documentLinks where target != number {
                if edges.insert(GraphEdge(type: "link", from: number, to: target)).inserted {
                    backlinks[target].append(Backlink(source: number, context: context))
                }
            }
            // The unresolved HTML is not needed past this stage; at 100,000 documents it is
            // hundreds of megabytes.
            page.body.html = ""
            pages.append(LinkedPage(page: page, outputPath: index.outputPaths[page.path]!, html: html, relations: []))
        }
        for number in pages.indices { pages[number].backlinks = backlinks[number] }
        let (relationEdges, relationDiagnostics) = RelationBuilder(schema: config.schema, index: index).build(&pages)
        diagnostics += relationDiagnostics
        edges.formUnion(relationEdges)
        diagnostics += orphans(pages, edges)
        let site = LinkedSite(config: config, pages: pages, copies: copies.values.sorted { $0.outputPath < $1.outputPath }, edges: edges.sorted())
        return (site, diagnostics)
    }

    /// A document nothing links to is hard to find; say so while the pull request is open.
    private func orphans(_ pages: [LinkedPage], _ edges: Set<GraphEdge>) -> [Diagnostic] {
        guard pages.count > 1 else { return [] }
        var reached = Set<Int>()
        for edge in edges {
            reached.insert(edge.to)
            if edge.type == "related" { reached.insert(edge.from) }
        }
        return pages.indices.filter { !reached.contains($0) }.map {
            .warning("praxis.link.orphan", at: SourceLocation(path: pages[$0].page.path), "no other document links to this one; link it from a related page or list it under `related:` so readers can find it")
        }
    }

    func outputPath(of page: ParsedPage) -> String { "\(page.kind.folder)/\(page.slug)/index.html" }

    /// Two documents must never write one file.
    private func collisions(_ pages: [ParsedPage]) -> [Diagnostic] {
        var byOutput: [String: [ParsedPage]] = [:]
        for page in pages { byOutput[outputPath(of: page), default: []].append(page) }
        var diagnostics: [Diagnostic] = []
        for (output, group) in byOutput where group.count > 1 {
            for page in group {
                let others = group.filter { $0.path != page.path }.map(\.path).joined(separator: ", ")
                let at = page.frontMatter.keyLocations["slug"] ?? SourceLocation(path: page.path)
                diagnostics.append(.error("praxis.output.collision", at: at, "this document and \(others) would both be written to \(output); rename one file or give it another `slug:`"))
            }
        }
        return diagnostics
    }
}

extension LinkResolver {
    /// Lookups shared by reference and relation resolution.
    struct Index {
        /// Published pages in output order; positions are the page numbers relations use.
        let pages: [ParsedPage]
        let position: [String: Int]
        let outputPaths: [String: String]
        /// Every parsed document, drafts included, by repository path: to tell "draft" from "missing".
        let everyPath: [String: ParsedPage]
        /// Heading ids per repository path, for `#anchor` checks.
        let anchors: [String: Set<String>]
        /// Page numbers by slug and by `folder/slug`, for wiki links.
        let bySlug: [String: [Int]]
        let byQualifiedSlug: [String: Int]

        init(pages: [ParsedPage], all: [ParsedPage], outputPath: (ParsedPage) -> String) {
            self.pages = pages
            var bySlug: [String: [Int]] = [:]
            var byQualifiedSlug: [String: Int] = [:]
            var position: [String: Int] = [:]
            var outputPaths: [String: String] = [:]
            var anchors: [String: Set<String>] = [:]
            for (number, page) in pages.enumerated() {
                position[page.path] = number
                outputPaths[page.path] = outputPath(page)
                anchors[page.path] = Set(page.body.headings.map(\.id))
                bySlug[page.slug, default: []].append(number)
                byQualifiedSlug["\(page.kind.folder)/\(page.slug)"] = number
            }
            self.bySlug = bySlug
            self.byQualifiedSlug = byQualifiedSlug
            self.position = position
            self.outputPaths = outputPaths
            self.anchors = anchors
            self.everyPath = Dictionary(all.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        }

        func outputFolder(of page: ParsedPage) -> String {
            (outputPaths[page.path]! as NSString).deletingLastPathComponent
        }

        /// The repository path a relative reference written in `directory` names, or nil if it leaves the repository.
        static func resolve(_ relative: String, from directory: String) -> String? {
            let joined = ProjectPaths.clean(directory + "/" + relative)
            return joined.hasPrefix("..") || joined == "." ? nil : joined
        }
    }
}
