import Foundation

/// The Render stage: every page of the site as `(path, bytes)` in memory, plus the files to copy.
/// Nothing is written here; `collisions` finds two outputs for one path.
public struct PageRenderer: Sendable {
    let progress: (any BuildProgress)?

    public init(progress: (any BuildProgress)? = nil) { self.progress = progress }

    public func render(_ site: LinkedSite, theme source: ThemeSource) -> ([RenderedFile], [Diagnostic]) {
        let (theme, themeDiagnostics) = Theme.compile(source)
        guard !themeDiagnostics.hasErrors else { return ([], themeDiagnostics) }
        let newestFirst = site.pages.indices.sorted { a, b in
            let (x, y) = (site.pages[a].page, site.pages[b].page)
            return (x.date, y.title, y.path) > (y.date, x.title, x.path)
        }
        let taxonomies = site.config.schema.taxonomies.map { Taxonomy.build($0, pages: site.pages, order: newestFirst) }
        let taxonomyDiagnostics = site.config.schema.taxonomies.flatMap { Taxonomy.conflicts($0, pages: site.pages) }
        let builder = ContextBuilder(site: site, taxonomies: taxonomies, style: URLStyle(cleanURLs: site.config.cleanURLs), newestFirst: newestFirst)
            .withCards(theme)
        var pages = ListingRenderer(builder: builder, theme: theme).render()
        pages += renderDocuments(site, builder, theme)
        let copies = source.assets.sorted { $0.key < $1.key }.map { RenderedFile(path: $0.key, content: .copy($0.value)) }
            + site.copies.map { RenderedFile(path: $0.outputPath, content: .copy($0.origin)) }
        let files = pages + [GraphExport.file(for: site, style: builder.style)] + copies
        return (files, themeDiagnostics + taxonomyDiagnostics)
    }

    /// Documents are independent of each other: render them on every core.
    private func renderDocuments(_ site: LinkedSite, _ builder: ContextBuilder, _ theme: Theme) -> [RenderedFile] {
        let count = site.pages.count
        let results = UnsafeMutableBufferPointer<RenderedFile?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let shared = SendableBuffer(pointer: results)
        DispatchQueue.concurrentPerform(iterations: count) { number in
            let linked = site.pages[number]
            let template = theme.names.contains("document-\(linked.page.kind.name)") ? "document-\(linked.page.kind.name)" : "document"
            shared.pointer[number] = .text(linked.outputPath, theme.render(builder.document(number), with: template))
            progress?.advance(by: 1)
        }
        return results.map { $0! }
    }

    /// Two outputs for one path (a page, a taxonomy term, a theme asset, a copied file or a search
    /// index file) would silently overwrite each other: an error.
    public static func collisions(_ files: [RenderedFile]) -> [Diagnostic] {
        var seen: [String: Int] = [:]
        for file in files { seen[file.path, default: 0] += 1 }
        return seen.filter { $0.value > 1 }.keys.sorted().map {
            .error("praxis.output.collision", at: SourceLocation(path: "site.yml"), "two outputs would be written to \($0) (a page, taxonomy term, theme asset or copied file share the path); rename one of them")
        }
    }
}

/// Lets `concurrentPerform` fill distinct slots of one buffer; each index is written by one iteration only.
private struct SendableBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<T>
}
