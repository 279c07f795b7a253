import Foundation

/// Builds the values templates see (README "Template context"). Every link is made relative to
/// the page being rendered, so contexts are built per output path.
struct ContextBuilder: Sendable {
    let site: LinkedSite
    let style: URLStyle
    /// Each page's card, rendered once, when first shown (see `withCards`).
    private(set) var cards: CardShelf?
    /// A taxonomy field's name → its place in `taxonomies`, for the values a page links to.
    let taxonomyNumbers: [String: Int]
    /// `site` as every page has it, made once.
    private let siteValue: TemplateValue
    /// A table field's name → its column headings, made once.
    let columnLabels: [String: TemplateValue]

    init(site: LinkedSite, style: URLStyle) {
        self.site = site
        self.style = style
        taxonomyNumbers = Dictionary(site.taxonomies.enumerated().map { ($1.field.name, $0) }, uniquingKeysWith: { first, _ in first })
        let config = site.config
        columnLabels = Dictionary(config.schema.fields.filter { $0.type == .table }.map { field in
            (field.name, TemplateValue.list(field.columns.map { .text(FieldSpec.defaultLabel(for: $0)) }))
        }, uniquingKeysWith: { first, _ in first })
        siteValue = .object(droppingEmptyTexts: [
            "title": .text(config.title), "description": .text(config.description), "language": .text(config.language),
            "has_description": .flag(!config.description.isEmpty),
        ])
    }

    var config: SiteConfig { site.config }
    var taxonomies: [Taxonomy] { site.taxonomies }
    /// Page numbers, newest first.
    var newestFirst: [Int] { site.newestFirst }

    /// What every page has: site, navigation, the way back to the root.
    func base(_ path: String, title: String, section: String? = nil) -> [String: TemplateValue] {
        let nav: [TemplateValue] = config.schema.kinds.map { kind in
            ["label": .text(kind.plural), "url": .text(href(path, "\(kind.folder)/index.html")), "current": .flag(section == kind.folder)]
        } + [["label": "Browse", "url": .text(href(path, "browse/index.html")), "current": .flag(section == "browse")]]
        let root = style.root(from: path)
        return [
            "site": siteValue,
            "page_title": .text(title == config.title ? title : "\(title) – \(config.title)"),
            "root": .text(root),
            "assets": .text(root + "assets/"),
            "home_url": .text(href(path, "index.html")),
            "search_url": .text(href(path, "search/index.html")),
            "nav": .list(nav),
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
            return Card(target: target, html: theme.render(.object(context), with: "partials/card"))
        }
        return builder
    }

    /// A summary card for listings, relations and the home page, as the page at `path` shows it.
    func card(_ number: Int, from path: String) -> TemplateValue {
        guard let cards else { return .object(cardContext(number, url: href(path, site.pages[number].outputPath))) }
        return .lazy(CardView(card: cards[number], root: style.root(from: path), number: number, builder: self))
    }

    func cardContext(_ number: Int, url: String) -> [String: TemplateValue] {
        var context: [String: TemplateValue] = [:]
        for name in Self.cardNames { context[name] = cardValue(number, named: name, url: url) }
        return context
    }

    /// What a card shows besides its `html`.
    static let cardNames = ["title", "summary", "url", "kind", "kind_label", "date", "date_readable", "is_draft", "is_archived", "badges"]

    /// One of `cardNames` for page `number`'s card; nil for any other name, made without the others.
    func cardValue(_ number: Int, named name: String, url: String) -> TemplateValue? {
        cardValue(of: site.pages[number].page, named: name, url: url)
    }

    /// The page borrowed where the site holds it, not copied (with every string it keeps) for each value.
    private func cardValue(of page: borrowing ParsedPage, named name: String, url: String) -> TemplateValue? {
        switch name {
        case "title": return .text(page.title)
        case "summary": return .text(page.summary)
        case "url": return .text(url)
        case "kind": return .text(page.kind.name)
        case "kind_label": return .text(page.kind.label)
        case "date": return .text(page.date.description)
        case "date_readable": return .text(page.date.readable)
        case "is_draft": return .flag(page.isDraft)
        case "is_archived": return .flag(page.isArchived)
        case "badges":
            var badges: [TemplateValue] = []
            for field in config.schema.fields(for: page.kind) where field.isTaxonomy && field.values != nil {
                guard case let .string(value)? = page.frontMatter.fields[field.name] else { continue }
                badges.append(["label": .text(field.label), "text": .text(value), "name": .text(field.name), "value": .text(value)])
            }
            return .list(badges)
        default: return nil
        }
    }

    func term(_ term: Taxonomy.Term, of taxonomy: Taxonomy, from path: String) -> TemplateValue {
        ["text": .text(term.text), "url": .text(href(path, taxonomy.outputPath(of: term))), "count": .number(term.pages.count)]
    }
}

extension TemplateValue {
    /// An object without its empty texts: Mustache renders `{{#x}}…{{/x}}` for an empty string
    /// too; an absent key is what says "none". Removed in place, without copying the rest.
    static func object(droppingEmptyTexts values: consuming [String: TemplateValue]) -> TemplateValue {
        var values = values
        var empty: [String] = []
        for (key, value) in values {
            if value.text?.isEmpty == true { empty.append(key) }
        }
        for key in empty { values.removeValue(forKey: key) }
        return .object(values)
    }
}
