import Foundation

/// Renders the pages that list documents: the home page, each kind's listing, the taxonomy
/// indexes and term pages, the browse page and the 404 page. Long lists are paginated.
struct ListingRenderer {
    let builder: ContextBuilder
    let theme: Theme
    /// Render keys, when pages the last build wrote may be kept.
    let keys: RenderKeys?

    private var site: LinkedSite { builder.site }
    private var config: SiteConfig { site.config }

    /// One page to render; the pages are independent, so they are rendered on every core.
    private enum Job: Sendable {
        case home, browse, notFound, search
        case taxonomyIndex(Int)
        /// Page `page` (from 1) of `listings[listing]`.
        case listing(Int, page: Int)
    }

    /// A list of documents shown as cards over as many pages as it needs: a kind's documents
    /// or the documents of one taxonomy term.
    private struct Listing: Sendable {
        let base: String
        let title: String
        let section: String
        let pages: [Int]
        let extra: [String: String]
        let parent: (label: String, path: String)?
    }

    func render(emit: @Sendable (RenderedFile) -> Void, keep: @Sendable (String, ContentHash) -> Bool) {
        let listings = self.listings()
        var jobs: [Job] = [.home, .browse, .notFound, .search]
        jobs += builder.taxonomies.indices.map { .taxonomyIndex($0) }
        for (number, listing) in listings.enumerated() {
            jobs += (1...pageCount(listing)).map { .listing(number, page: $0) }
        }
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { number in
            if let file = render(work[number], listings, keep: keep) { emit(file) }
        }
    }

    /// The page numbers a pagination bar shows: the first, the last and two either side of the
    /// current one, with nil where numbers are left out. A constant number of links per page,
    /// so a list of 100,000 entries does not cost the square of its page count.
    static func pageWindow(current: Int, total: Int) -> [Int?] {
        let shown = Set([1, total] + ((current - 2)...(current + 2)).filter { $0 >= 1 && $0 <= total }).sorted()
        var window: [Int?] = []
        for number in shown {
            if let last = window.last ?? nil, number > last + 1 { window.append(number == last + 2 ? last + 1 : nil) }
            window.append(number)
        }
        return window
    }
}

private extension ListingRenderer {
    /// The page a job makes; nil when it is a page the last build wrote from the same inputs.
    private func render(_ job: Job, _ listings: [Listing], keep: (String, ContentHash) -> Bool) -> RenderedFile? {
        switch job {
        case .home: return home()
        case .browse: return browse()
        case .notFound: return notFound()
        case .search: return search()
        case let .taxonomyIndex(number): return taxonomyIndex(builder.taxonomies[number])
        case let .listing(number, page): return listingPage(listings[number], number: page, keep: keep)
        }
    }

    private func listings() -> [Listing] {
        var listings: [Listing] = []
        for kind in config.schema.kinds {
            let pages = builder.newestFirst.filter { site.pages[$0].page.kind.name == kind.name }
            let extra = ["heading": kind.plural, "intro": kind.description, "kind": kind.name].filter { !$0.value.isEmpty }
            listings.append(Listing(base: kind.folder, title: kind.plural, section: kind.folder, pages: pages, extra: extra, parent: nil))
        }
        for taxonomy in builder.taxonomies {
            for term in taxonomy.terms {
                let title = "\(taxonomy.field.label): \(term.text)"
                listings.append(Listing(base: "\(taxonomy.folder)/\(term.slug)", title: title, section: "browse", pages: term.pages,
                                        extra: ["heading": title, "term": term.text, "taxonomy_label": taxonomy.field.label],
                                        parent: (taxonomy.field.label, taxonomy.indexPath)))
            }
        }
        return listings
    }

    func home() -> RenderedFile {
        let path = "index.html"
        var context = builder.base(path, title: config.title)
        let lastKind = config.schema.kinds.last?.name
        context["kinds"] = .list(config.schema.kinds.map { kind in
            let pages = builder.newestFirst.filter { site.pages[$0].page.kind.name == kind.name }
            let values: [String: TemplateValue] = [
                "label": .text(kind.label), "plural": .text(kind.plural), "description": .text(kind.description),
                "count": .number(pages.count), "last": .flag(kind.name == lastKind),
                "url": .text(builder.href(path, "\(kind.folder)/index.html")),
                "newest": .list(pages.prefix(3).map { builder.card($0, from: path) }),
            ]
            return .object(droppingEmptyTexts: values)
        })
        context["total"] = .number(site.pages.count)
        context["newest"] = .list(builder.newestFirst.prefix(6).map { builder.card($0, from: path) })
        context["highlights"] = .list(builder.taxonomies.filter { ["sectors", "tags"].contains($0.field.name) }.map { taxonomy in
            ["label": .text(taxonomy.field.label), "url": .text(builder.href(path, taxonomy.indexPath)),
             "terms": .list(taxonomy.byCount.prefix(12).map { builder.term($0, of: taxonomy, from: path) })]
        })
        return page(path, context, with: "home")
    }

    func browse() -> RenderedFile {
        let path = "browse/index.html"
        var context = builder.base(path, title: "Browse", section: "browse")
        context["taxonomies"] = .list(builder.taxonomies.filter { !$0.terms.isEmpty }.map { taxonomy in
            ["label": .text(taxonomy.field.label), "url": .text(builder.href(path, taxonomy.indexPath)), "count": .number(taxonomy.terms.count),
             "terms": .list(taxonomy.byCount.prefix(8).map { builder.term($0, of: taxonomy, from: path) })]
        })
        return page(path, context, with: "browse")
    }

    /// The search page; the search client in the theme fills it from the index under `search/`.
    func search() -> RenderedFile {
        let path = "search/index.html"
        var context = builder.base(path, title: "Search", section: "search")
        context["kinds"] = .list(config.schema.kinds.map { ["label": .text($0.plural), "url": .text(builder.href(path, "\($0.folder)/index.html"))] })
        context["browse_url"] = .text(builder.href(path, "browse/index.html"))
        return page(path, context, with: "search")
    }

    func notFound() -> RenderedFile {
        let path = "404.html"
        return page(path, builder.base(path, title: "Page not found"), with: "404")
    }

    func taxonomyIndex(_ taxonomy: Taxonomy) -> RenderedFile {
        let path = taxonomy.indexPath
        var context = builder.base(path, title: taxonomy.field.label, section: "browse")
        context["heading"] = .text(taxonomy.field.label)
        context["terms"] = .list(taxonomy.terms.map { builder.term($0, of: taxonomy, from: path) })
        context["browse_url"] = .text(builder.href(path, "browse/index.html"))
        return page(path, context, with: "taxonomy")
    }

    private func pageCount(_ listing: Listing) -> Int {
        max(1, (listing.pages.count + config.pageSize - 1) / config.pageSize)
    }

    /// `base/index.html`, then `base/page/2/index.html`, … with links between them.
    private func pagePath(_ listing: Listing, _ number: Int) -> String {
        number == 1 ? "\(listing.base)/index.html" : "\(listing.base)/page/\(number)/index.html"
    }

    private func listingPage(_ listing: Listing, number: Int, keep: (String, ContentHash) -> Bool) -> RenderedFile? {
        let size = config.pageSize
        let total = pageCount(listing)
        let chunk = listing.pages[min((number - 1) * size, listing.pages.count)..<min(number * size, listing.pages.count)]
        let path = pagePath(listing, number)
        let values = [listing.base, listing.title, listing.section, listing.parent?.label ?? "", listing.parent?.path ?? ""]
            + listing.extra.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        let key = keys?.listing(path, page: number, of: total, values: values, cards: chunk, count: listing.pages.count)
        if let key, keep(path, key) { return nil }
        var context = builder.base(path, title: number == 1 ? listing.title : "\(listing.title) (page \(number))", section: listing.section)
        context.merge(listing.extra.mapValues(TemplateValue.text)) { _, new in new }
        context["cards"] = .list(chunk.map { builder.card($0, from: path) })
        context["count"] = .number(listing.pages.count)
        if let parent = listing.parent { context["parent"] = ["label": .text(parent.label), "url": .text(builder.href(path, parent.path))] }
        if total > 1 {
            let pagination: [String: TemplateValue] = [
                "current": .number(number), "total": .number(total),
                "prev_url": .text(number > 1 ? builder.href(path, pagePath(listing, number - 1)) : ""),
                "next_url": .text(number < total ? builder.href(path, pagePath(listing, number + 1)) : ""),
                "has_prev": .flag(number > 1), "has_next": .flag(number < total),
                "pages": .list(Self.pageWindow(current: number, total: total).map { shown in
                    guard let shown else { return ["gap": true] }  // pages always carry `gap`: a missing key is looked up in every outer context
                    return ["number": .number(shown), "url": .text(builder.href(path, pagePath(listing, shown))), "current": .flag(shown == number), "gap": false]
                }),
            ]
            context["pagination"] = .object(droppingEmptyTexts: pagination)
        }
        return page(path, context, with: "list", renderKey: key)
    }

    func page(_ path: String, _ context: [String: TemplateValue], with template: String, renderKey: ContentHash? = nil) -> RenderedFile {
        RenderedFile.page(path, theme.render(.object(context), with: template), renderKey: renderKey)
    }
}
