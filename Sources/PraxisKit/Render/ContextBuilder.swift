import Foundation

/// Builds the values templates see (README "Template context"). Every link is made relative to
/// the page being rendered, so contexts are built per output path.
struct ContextBuilder {
    let site: LinkedSite
    let style: URLStyle
    /// Each page's card, rendered once, when first shown (see `withCards`).
    private(set) var cards: CardShelf?

    var config: SiteConfig { site.config }
    var taxonomies: [Taxonomy] { site.taxonomies }
    /// Page numbers, newest first.
    var newestFirst: [Int] { site.newestFirst }

    /// What every page has: site, navigation, the way back to the root.
    func base(_ path: String, title: String, section: String? = nil) -> [String: Any] {
        let nav: [[String: Any]] = config.schema.kinds.map { kind in
            ["label": kind.plural, "url": href(path, "\(kind.folder)/index.html"), "current": section == kind.folder]
        } + [["label": "Browse", "url": href(path, "browse/index.html"), "current": section == "browse"]]
        return [
            "site": (["title": config.title, "description": config.description, "language": config.language] as [String: Any]).droppingEmptyStrings
                .merging(["has_description": !config.description.isEmpty]) { $1 },
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

    /// A card appears on many pages; render it once and only fix its links per page. Only the
    /// cards of pages that are rendered are made: a rebuild that keeps most pages needs few.
    func withCards(_ theme: Theme) -> ContextBuilder {
        let plain = self
        var builder = self
        builder.cards = CardShelf(count: site.pages.count) { number in
            let target = plain.style.href(from: "index.html", to: plain.site.pages[number].outputPath)
            let context = plain.cardContext(number, url: Card.rootMarker + target)
            return Card(target: target, html: theme.render(context, with: "partials/card"))
        }
        return builder
    }

    /// A summary card for listings, relations and the home page, as the page at `path` shows it.
    func card(_ number: Int, from path: String) -> Any {
        guard let cards else { return cardContext(number, url: href(path, site.pages[number].outputPath)) }
        let root = style.root(from: path)
        let builder = self
        return CardView(card: cards[number], root: root) { builder.cardContext(number, url: root + builder.cards![number].target) }
    }

    private func cardContext(_ number: Int, url: String) -> [String: Any] {
        let linked = site.pages[number]
        let page = linked.page
        var badges: [[String: Any]] = []
        for field in config.schema.fields(for: page.kind) where field.isTaxonomy && field.values != nil {
            guard case let .string(value)? = page.frontMatter.fields[field.name] else { continue }
            badges.append(["label": field.label, "text": value, "name": field.name, "value": value])
        }
        return [
            "title": page.title, "summary": page.summary, "url": url,
            "kind": page.kind.name, "kind_label": page.kind.label,
            "date": page.date.description, "date_readable": page.date.readable,
            "is_draft": page.isDraft, "is_archived": page.isArchived, "badges": badges,
        ]
    }

    func term(_ term: Taxonomy.Term, of taxonomy: Taxonomy, from path: String) -> [String: Any] {
        ["text": term.text, "url": href(path, taxonomy.outputPath(of: term)), "count": term.pages.count]
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Mustache renders `{{#x}}…{{/x}}` for an empty string too; an absent key is what says "none".
    var droppingEmptyStrings: [String: Any] {
        filter { !(($0.value as? String)?.isEmpty ?? false) }
    }
}
