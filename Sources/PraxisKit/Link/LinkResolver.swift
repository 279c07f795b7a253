import Foundation

/// The Link stage: gives every page its output path, resolves body references and front matter
/// relations through hash lookups (linear in the number of links), and builds inverse relations.
///
/// Drafts (without `--drafts`) and documents with errors are not published, but their links and
/// relations are checked all the same: a draft's broken link is found before the draft is published.
public struct LinkResolver: Sendable {
    public let config: SiteConfig
    public let includeDrafts: Bool

    public init(config: SiteConfig, includeDrafts: Bool) {
        self.config = config
        self.includeDrafts = includeDrafts
    }

    public func link(_ parsed: [ParsedPage], files: ContentTree) -> (LinkedSite, [Diagnostic]) {
        link(parsed, bodies: nil, files: files)
    }

    /// `bodies`, when given, holds the pages' body HTML (`ParsedPage.bodySlot`), which stays there
    /// as parsed: what its references resolve to is kept beside it (`LinkedPage.links`) and filled
    /// in when the page is rendered, so a large site never has its HTML in memory (`BodyStore`).
    func link(_ parsed: [ParsedPage], bodies: BodyStore?, files: ContentTree) -> (LinkedSite, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        // Every document's output path, made once: published or not, its links are written relative to it.
        let outputPaths = parsed.map(outputPath(of:))
        let isPublished = { (page: ParsedPage) in !page.hasErrors && (includeDrafts || !page.isDraft) }
        // Documents by their place in `parsed`: the published ones in output order, the others by path.
        let publishedNumbers = parsed.indices.filter { isPublished(parsed[$0]) }.sorted { outputPaths[$0] < outputPaths[$1] }
        let unpublishedNumbers = parsed.indices.filter { !isPublished(parsed[$0]) }.sorted { parsed[$0].path < parsed[$1].path }
        let published = publishedNumbers.map { parsed[$0] }
        let publishedPaths = publishedNumbers.map { outputPaths[$0] }
        // The site-wide checks run beside the index of every page.
        let taxonomies = config.schema.taxonomies
        let (checks, index) = alongside({ [self] in
            concurrentMap(1 + taxonomies.count) { job in
                job == 0 ? collisions(published, outputPaths: publishedPaths) : Taxonomy.conflicts(taxonomies[job - 1], pages: published)
            }.flatMap { $0 }
        }, {
            Index(pages: published, outputPaths: publishedPaths, all: parsed, files: files)
        })
        diagnostics += checks
        let rules = ReferenceResolver.Rules(style: URLStyle(cleanURLs: config.cleanURLs), brokenIsError: config.brokenLinksAreErrors, allowsActiveContent: config.rawHTML)
        diagnostics += activeBundleFiles(parsed, files, rules)
        var copies: [String: FileCopy] = [:]
        for number in published.indices {
            for asset in published[number].bundleAssets where rules.allowsActiveContent || files.activeContent[asset] == nil {
                let output = index.outputFolder(of: number) + String(asset.dropFirst(published[number].directory.count))
                copies[output] = FileCopy(outputPath: output, origin: files.fileOrigins[asset] ?? asset)
            }
        }
        for file in files.files where file.hasPrefix("static/") {
            copies[file] = FileCopy(outputPath: file, origin: files.fileOrigins[file] ?? file)
        }
        // Each page's references resolve independently, and each published page is made from
        // its own: on every core, merged in page order.
        let sources = publishedNumbers + unpublishedNumbers
        let resolved = concurrentMap(sources.count) { number in
            var resolver = ReferenceResolver(page: parsed[sources[number]], outputPath: outputPaths[sources[number]], index: index, files: files, rules: rules)
            return (links: resolver.resolve(), found: resolver.found)
        }
        var pages = concurrentMap(published.count) { number in
            Self.linkedPage(published[number], outputPath: publishedPaths[number], links: resolved[number].links)
        }
        var edges: [GraphEdge] = []
        var backlinks = [[Backlink]](repeating: [], count: published.count)
        for number in published.indices {
            let found = resolved[number].found
            diagnostics += found.diagnostics
            for copy in found.copies { copies[copy.outputPath] = copy }
            // One edge and one backlink per page linked, with the sentence of its first link.
            var linked = Set<Int>()
            for (target, context) in found.documentLinks where target != number && linked.insert(target).inserted {
                edges.append(GraphEdge(type: "link", from: number, to: target))
                backlinks[target].append(Backlink(source: number, context: context))
            }
        }
        for number in pages.indices { pages[number].backlinks = backlinks[number] }
        let relations = RelationBuilder(schema: config.schema, index: index)
        let (relationEdges, relationDiagnostics, toDocumentsWithErrors) = relations.build(&pages)
        diagnostics += relationDiagnostics
        edges = Self.sortedOnce(edges + relationEdges)
        // A page linked only from (or `related` only to) a document with errors is not an orphan:
        // fixing that document links it.
        var reached = Set(toDocumentsWithErrors.filter { $0.type == "related" }.map(\.from))
        for (offset, number) in unpublishedNumbers.enumerated() {
            let found = resolved[published.count + offset].found
            let (targets, relationsFound) = relations.check(parsed[number])
            diagnostics += found.diagnostics + relationsFound
            if !parsed[number].isDraft || includeDrafts { reached.formUnion(found.documentLinks.map(\.target) + targets) }
        }
        diagnostics += orphans(pages, edges, reached: reached)
        let site = LinkedSite(config: config, pages: pages, copies: copies.values.sorted { $0.outputPath < $1.outputPath }, edges: edges, bodies: bodies)
        return (site, diagnostics)
    }

    /// A published page as linking hands it on, before its relations and backlinks are added:
    /// what only linking needs (the parsed HTML, link destinations and their sentences, where each
    /// front matter key and value was written) is dropped, and the body stays where it is kept.
    static func linkedPage(_ page: ParsedPage, outputPath: String, links: BodyLinks) -> LinkedPage {
        var page = page
        let (html, slot) = (page.body.html, page.bodySlot)
        page.body.html = ""
        page.bodySlot = nil
        page.body.references = []
        page.body.anchorLinks = []
        page.frontMatter.keyLocations = [:]
        page.frontMatter.valueLocations = [:]
        return LinkedPage(page: page, outputPath: outputPath, html: html, bodySlot: slot, links: links, relations: [])
    }

    func outputPath(of page: ParsedPage) -> String { "\(page.kind.folder)/\(page.slug)/index.html" }

    /// `edges` sorted, each edge once.
    static func sortedOnce(_ edges: [GraphEdge]) -> [GraphEdge] {
        var result: [GraphEdge] = []
        result.reserveCapacity(edges.count)
        for edge in edges.sorted() where edge != result.last { result.append(edge) }
        return result
    }
}

private extension LinkResolver {
    /// A document nothing links to is hard to find; say so while the pull request is open.
    func orphans(_ pages: [LinkedPage], _ edges: [GraphEdge], reached: Set<Int>) -> [Diagnostic] {
        guard pages.count > 1 else { return [] }
        var reached = reached
        for edge in edges {
            reached.insert(edge.to)
            if edge.type == "related" { reached.insert(edge.from) }
        }
        return pages.indices.filter { !reached.contains($0) }.map {
            .warning("praxis.link.orphan", at: SourceLocation(path: pages[$0].page.path), "no other document links to this one; link it from a related page or list it under `related:` so readers can find it")
        }
    }

    /// Files bundled with a page are published with it, linked or not: an active one is reported
    /// once, where its active part is.
    func activeBundleFiles(_ parsed: [ParsedPage], _ files: ContentTree, _ rules: ReferenceResolver.Rules) -> [Diagnostic] {
        guard !rules.allowsActiveContent else { return [] }
        let bundled = Set(parsed.flatMap(\.bundleAssets))
        return bundled.sorted().compactMap { path in
            files.activeContent[path].map {
                .error("praxis.content.active", at: SourceLocation(path: path, line: $0.line, column: $0.column), $0.message(for: (path as NSString).lastPathComponent))
            }
        }
    }

    /// Two documents must never write one file. `outputPaths` are the pages' output paths, in page order.
    func collisions(_ pages: [ParsedPage], outputPaths: [String]) -> [Diagnostic] {
        var byOutput: [String: [Int]] = [:]
        for number in pages.indices { byOutput[outputPaths[number], default: []].append(number) }
        var diagnostics: [Diagnostic] = []
        for (output, group) in byOutput where group.count > 1 {
            for page in group.map({ pages[$0] }) {
                let others = group.map { pages[$0].path }.filter { $0 != page.path }.joined(separator: ", ")
                let at = page.frontMatter.keyLocations["slug"] ?? SourceLocation(path: page.path)
                diagnostics.append(.error("praxis.output.collision", at: at, "this document and \(others) would both be written to \(output); rename one file or give it another `slug:`"))
            }
        }
        return diagnostics
    }
}
