/// Renders the pages that list documents: the home page, each kind's listing, the taxonomy
/// indexes and term pages, the browse page and the 404 page. Long lists are paginated.
struct ListingRenderer {
    let builder: ContextBuilder
    let theme: Theme

    private var site: LinkedSite { builder.site }
    private var config: SiteConfig { site.config }

    func render() -> [RenderedFile] {
        var files = [home(), browse(), notFound(), search()]
        for kind in config.schema.kinds {
            let pages = builder.newestFirst.filter { site.pages[$0].page.kind.name == kind.name }
            var extra: [String: Any] = ["heading": kind.plural, "intro": kind.description].droppingEmptyStrings
            extra["kind"] = kind.name
            files += paginated(base: kind.folder, title: kind.plural, section: kind.folder, pages: pages, extra: extra)
        }
        for taxonomy in builder.taxonomies {
            files.append(taxonomyIndex(taxonomy))
            for term in taxonomy.terms {
                let extra: [String: Any] = [
                    "heading": "\(taxonomy.field.label): \(term.text)", "term": term.text,
                    "taxonomy_label": taxonomy.field.label,
                ]
                files += paginated(base: "\(taxonomy.folder)/\(term.slug)", title: "\(taxonomy.field.label): \(term.text)",
                                   section: "browse", pages: term.pages, extra: extra, parent: (taxonomy.field.label, taxonomy.indexPath))
            }
        }
        return files
    }
}

private extension ListingRenderer {
    func home() -> RenderedFile {
        let path = "index.html"
        var context = builder.base(path, title: config.title)
        let lastKind = config.schema.kinds.last?.name
        context["kinds"] = config.schema.kinds.map { kind -> [String: Any] in
            let pages = builder.newestFirst.filter { site.pages[$0].page.kind.name == kind.name }
            return ["label": kind.label, "plural": kind.plural, "description": kind.description, "count": pages.count, "last": kind.name == lastKind,
                    "url": builder.href(path, "\(kind.folder)/index.html"),
                    "newest": pages.prefix(3).map { builder.card($0, from: path) }].droppingEmptyStrings
        }
        context["total"] = site.pages.count
        context["newest"] = builder.newestFirst.prefix(6).map { builder.card($0, from: path) }
        context["highlights"] = builder.taxonomies.filter { ["sectors", "tags"].contains($0.field.name) }.map { taxonomy -> [String: Any] in
            ["label": taxonomy.field.label, "url": builder.href(path, taxonomy.indexPath),
             "terms": taxonomy.byCount.prefix(12).map { builder.term($0, of: taxonomy, from: path) }]
        }
        return .text(path, theme.render(context, with: "home"))
    }

    func browse() -> RenderedFile {
        let path = "browse/index.html"
        var context = builder.base(path, title: "Browse", section: "browse")
        context["taxonomies"] = builder.taxonomies.filter { !$0.terms.isEmpty }.map { taxonomy -> [String: Any] in
            ["label": taxonomy.field.label, "url": builder.href(path, taxonomy.indexPath), "count": taxonomy.terms.count,
             "terms": taxonomy.byCount.prefix(8).map { builder.term($0, of: taxonomy, from: path) }]
        }
        return .text(path, theme.render(context, with: "browse"))
    }

    /// The search page; the search client in the theme fills it from the index under `search/`.
    func search() -> RenderedFile {
        let path = "search/index.html"
        var context = builder.base(path, title: "Search", section: "search")
        context["kinds"] = config.schema.kinds.map { ["label": $0.plural, "url": builder.href(path, "\($0.folder)/index.html")] }
        context["browse_url"] = builder.href(path, "browse/index.html")
        return .text(path, theme.render(context, with: "search"))
    }

    func notFound() -> RenderedFile {
        let path = "404.html"
        return .text(path, theme.render(builder.base(path, title: "Page not found"), with: "404"))
    }

    func taxonomyIndex(_ taxonomy: Taxonomy) -> RenderedFile {
        let path = taxonomy.indexPath
        var context = builder.base(path, title: taxonomy.field.label, section: "browse")
        context["heading"] = taxonomy.field.label
        context["terms"] = taxonomy.terms.map { builder.term($0, of: taxonomy, from: path) }
        context["browse_url"] = builder.href(path, "browse/index.html")
        return .text(path, theme.render(context, with: "taxonomy"))
    }

    /// `base/index.html`, then `base/page/2/index.html`, … with links between them.
    func paginated(base: String, title: String, section: String, pages: [Int], extra: [String: Any], parent: (String, String)? = nil) -> [RenderedFile] {
        let size = config.pageSize
        let chunks = stride(from: 0, to: max(pages.count, 1), by: size).map { Array(pages[min($0, pages.count)..<min($0 + size, pages.count)]) }
        func pagePath(_ number: Int) -> String { number == 1 ? "\(base)/index.html" : "\(base)/page/\(number)/index.html" }
        return chunks.enumerated().map { offset, chunk in
            let number = offset + 1
            let path = pagePath(number)
            var context = builder.base(path, title: number == 1 ? title : "\(title) (page \(number))", section: section)
            context.merge(extra) { _, new in new }
            context["cards"] = chunk.map { builder.card($0, from: path) }
            context["count"] = pages.count
            if let parent { context["parent"] = ["label": parent.0, "url": builder.href(path, parent.1)] }
            if chunks.count > 1 {
                context["pagination"] = [
                    "current": number, "total": chunks.count,
                    "prev_url": number > 1 ? builder.href(path, pagePath(number - 1)) : "",
                    "next_url": number < chunks.count ? builder.href(path, pagePath(number + 1)) : "",
                    "pages": (1...chunks.count).map { ["number": $0, "url": builder.href(path, pagePath($0)), "current": $0 == number] as [String: Any] },
                ].droppingEmptyStrings
            }
            return .text(path, theme.render(context, with: "list"))
        }
    }
}
