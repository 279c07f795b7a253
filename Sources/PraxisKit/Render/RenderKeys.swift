/// A hash of everything one page is rendered from, so that a build can keep the page the last
/// build wrote from the same key instead of rendering it again (`OutputSession.reuse`).
///
/// A key must change whenever the page's bytes could. It covers the Praxis binary and site.yml
/// (`seed`, from `BuildCache`), every template, the page's path, and for each document shown on
/// the page what its card or body is made of: its source file (`ParsedPage.sourceHash`, which
/// holds front matter and body, so the body as parsed) and its output path. A document page adds
/// what its body's references resolve to (`BodyLinks`, which depends on other documents), its
/// relations, backlinks with their context, and "See also". So a page is kept without its body
/// being read. Pages made from the whole site (home, browse, taxonomy indexes) are always
/// rendered. `BuildCacheTests` builds edited, renamed and deleted sites both ways and compares
/// every byte.
struct RenderKeys: Sendable {
    private let seed: ContentHash
    /// Per page: its source and its output path, what a card of it shows.
    private let cards: [ContentHash]

    init(seed: ContentHash, theme: ThemeSource, site: LinkedSite) {
        var hasher = ContentHasher()
        hasher.add(seed)
        for name in theme.templates.keys.sorted() {
            hasher.add(name)
            hasher.add(theme.templates[name]!.text)
        }
        self.seed = hasher.finish()
        // Pages are read in place (`site.pages[number].…`), never copied whole: a copy of a page
        // retains each of its strings and arrays, ten thousand times over.
        cards = site.pages.indices.map { number in
            var hasher = ContentHasher()
            hasher.add(site.pages[number].page.sourceHash)
            hasher.add(site.pages[number].outputPath)
            return hasher.finish()
        }
    }

    /// Page `number` of `site`, rendered with `template`.
    func document(_ number: Int, of site: LinkedSite, template: String) -> ContentHash {
        var hasher = start("document", template, site.pages[number].outputPath)
        hasher.add(site.pages[number].page.sourceHash)
        let links = site.pages[number].links
        hasher.add(links.urls.count)
        for url in links.urls { hasher.add(url) }
        hasher.add(links.titles.count)
        for (place, title) in links.titles {
            hasher.add(place)
            hasher.add(title)
        }
        let relations = site.pages[number].relations
        hasher.add(relations.count)
        for group in relations {
            hasher.add(group.label)
            add(group.targets, to: &hasher)
        }
        let backlinks = site.pages[number].backlinks
        hasher.add(backlinks.count)
        for backlink in backlinks {
            hasher.add(cards[backlink.source])
            hasher.add(backlink.context)
        }
        add(site.seeAlso(of: number), to: &hasher)
        return hasher.finish()
    }

    /// `graph.json`: what it shows of every page (id, kind, title, address) and every edge, not
    /// the pages' sources: an edit that changes neither keeps the file.
    func graph(_ site: LinkedSite) -> ContentHash {
        var hasher = start("graph", "", GraphExport.path)
        hasher.add(site.pages.count)
        for number in site.pages.indices {
            hasher.add(site.pages[number].page.kind.folder)
            hasher.add(site.pages[number].page.slug)
            hasher.add(site.pages[number].page.kind.name)
            hasher.add(site.pages[number].page.title)
            hasher.add(site.pages[number].outputPath)
        }
        hasher.add(site.edges.count)
        for edge in site.edges {
            hasher.add(edge.type)
            hasher.add(edge.from)
            hasher.add(edge.to)
        }
        return hasher.finish()
    }

    /// A page of a listing: its place in the listing, the listing's own values, and its cards.
    func listing(_ path: String, page: Int, of total: Int, values: [String], cards shown: ArraySlice<Int>, count: Int) -> ContentHash {
        var hasher = start("list", "list", path)
        hasher.add(page)
        hasher.add(total)
        hasher.add(count)
        hasher.add(values.count)
        for value in values { hasher.add(value) }
        add(Array(shown), to: &hasher)
        return hasher.finish()
    }

    private func start(_ kind: String, _ template: String, _ path: String) -> ContentHasher {
        var hasher = ContentHasher()
        hasher.add(seed)
        hasher.add(kind)
        hasher.add(template)
        hasher.add(path)
        return hasher
    }

    private func add(_ pages: [Int], to hasher: inout ContentHasher) {
        hasher.add(pages.count)
        for page in pages { hasher.add(cards[page]) }
    }
}
