/// Builds the values templates see (README "Template context"). Every link is made relative to
/// the page being rendered, so contexts are built per output path.
struct ContextBuilder {
    let site: LinkedSite
    let taxonomies: [Taxonomy]
    let style: URLStyle
    /// Page numbers, newest first.
    let newestFirst: [Int]

    var config: SiteConfig { site.config }

    /// What every page has: site, navigation, the way back to the root.
    func base(_ path: String, title: String, section: String? = nil) -> [String: Any] {
        let nav: [[String: Any]] = config.schema.kinds.map { kind in
            ["label": kind.plural, "url": href(path, "\(kind.folder)/index.html"), "current": section == kind.folder]
        } + [["label": "Browse", "url": href(path, "browse/index.html"), "current": section == "browse"]]
        return [
            "site": ["title": config.title, "description": config.description, "language": config.language],
            "page_title": title == config.title ? title : "\(title) – \(config.title)",
            "root": style.root(from: path),
            "assets": style.root(from: path) + "assets/",
            "home_url": href(path, "index.html"),
            "search_url": href(path, "search/index.html"),
            "nav": nav,
        ]
    }

    func href(_ from: String, _ to: String, fragment: String? = nil) -> String {
        style.href(from: from, to: to, fragment: fragment)
    }

    /// A summary card for listings, relations and the home page.
    func card(_ number: Int, from path: String) -> [String: Any] {
        let linked = site.pages[number]
        let page = linked.page
        var badges: [[String: Any]] = []
        for field in config.schema.fields(for: page.kind) where field.isTaxonomy && field.values != nil {
            guard case let .string(value)? = page.frontMatter.fields[field.name] else { continue }
            badges.append(["label": field.label, "text": value, "name": field.name, "value": value])
        }
        return [
            "title": page.title, "summary": page.summary, "url": href(path, linked.outputPath),
            "kind": page.kind.name, "kind_label": page.kind.label,
            "date": page.date.description, "date_readable": page.date.readable,
            "is_draft": page.isDraft, "is_archived": page.isArchived, "badges": badges,
        ]
    }

    func term(_ term: Taxonomy.Term, of taxonomy: Taxonomy, from path: String) -> [String: Any] {
        ["text": term.text, "url": href(path, taxonomy.outputPath(of: term)), "count": term.pages.count]
    }
}
