/// The Link stage's result: the published pages with every reference resolved, their typed
/// relations in both directions, and the files to copy beside them.
public struct LinkedSite: Sendable {
    public var config: SiteConfig
    /// Published pages (drafts too with `--drafts`), sorted by output path. `newestFirst` and
    /// `taxonomies` are made from them when the site is made: a later change may add "See also"
    /// and the like, never pages, nor their dates, titles or taxonomy values.
    public var pages: [LinkedPage]
    /// Files copied into the site: page bundle assets, linked files, `static/`.
    public var copies: [FileCopy]
    /// Every body link and typed relation between two published pages, sorted.
    public var edges: [GraphEdge]
    /// Page numbers, newest first (then by title and path).
    public var newestFirst: [Int] = []
    /// Each taxonomy of the schema, in schema order, with its terms' pages newest first: for
    /// term pages, the search index's facets and "See also".
    var taxonomies: [Taxonomy] = []
    /// Per page, in `pages`' order: up to five similar pages it does not already link to ("See
    /// also"), best first (`SimilarityRanker.suggest`; none before). Kept beside the pages rather
    /// than in them, so that adding them does not copy every page.
    public var seeAlso: [[Int]] = []
    /// Where the pages' HTML is kept when it is not in `LinkedPage.html` (see `bodySlot`).
    var bodies: BodyStore?

    /// `ordered`, when given, is the order and the taxonomies a site of these very pages had
    /// (`LinkMemo`); otherwise they are made from the pages.
    init(config: SiteConfig, pages: [LinkedPage], copies: [FileCopy], edges: [GraphEdge], bodies: BodyStore?,
         ordered: (newestFirst: [Int], taxonomies: [Taxonomy])? = nil) {
        self.config = config
        self.pages = pages
        self.copies = copies
        self.edges = edges
        self.bodies = bodies
        if let ordered {
            (newestFirst, taxonomies) = ordered
            return
        }
        // What the order compares, taken out of the pages once rather than at every comparison.
        let keys = pages.map { (date: $0.page.date, title: $0.page.title, path: $0.page.path) }
        newestFirst = pages.indices.sorted { a, b in
            let (x, y) = (keys[a], keys[b])
            return (x.date, y.title, y.path) > (y.date, x.title, x.path)
        }
        let order = newestFirst
        let fields = config.schema.taxonomies
        taxonomies = concurrentMap(fields.count) { Taxonomy.build(fields[$0], pages: pages, order: order) }
    }

    /// Page `number`'s body HTML with its references filled in, from wherever it is kept.
    func html(of number: Int) -> String {
        pages[number].links.apply(to: pages[number].bodySlot.flatMap { bodies?.html($0) } ?? pages[number].html)
    }

    /// Page `number`'s "See also".
    public func seeAlso(of number: Int) -> [Int] {
        seeAlso.indices.contains(number) ? seeAlso[number] : []
    }

    /// Page `number`'s sections (for the search index), wherever they are kept.
    func sections(of number: Int) -> [MarkdownDocument.Section] {
        pages[number].page.sectionsSlot.flatMap { bodies?.sections($0) } ?? pages[number].page.body.sections
    }
}

public struct LinkedPage: Sendable {
    public var page: ParsedPage
    /// `practices/foo/index.html`.
    public var outputPath: String
    /// The body HTML as parsed (empty when it is kept in the site's `bodies`, in `bodySlot`); its
    /// references are filled in from `links` when it is rendered (`LinkedSite.html(of:)`).
    public var html: String
    var bodySlot: Int?
    /// What the body's references resolve to.
    var links = BodyLinks()
    /// Related documents grouped under a heading ("Related", "Applied in", "Lessons learned"), schema order.
    public var relations: [RelationGroup]
    /// Pages whose bodies link here ("Referenced by"), with the sentence around the link.
    public var backlinks: [Backlink] = []
}

public struct Backlink: Sendable, Hashable {
    /// Index into `LinkedSite.pages`.
    public var source: Int
    public var context: String
}

/// One connection between two pages, for `graph.json`.
public struct GraphEdge: Sendable, Hashable, Comparable {
    /// `link` for a body link, `similar` for "See also", or the relation field's name (`related`, `practices`, `source`).
    public var type: String
    public var from: Int
    public var to: Int

    public static func < (a: GraphEdge, b: GraphEdge) -> Bool { (a.from, a.to, a.type) < (b.from, b.to, b.type) }
}

public struct RelationGroup: Sendable, Hashable {
    public var label: String
    /// Indexes into `LinkedSite.pages`.
    public var targets: [Int]
}

public struct FileCopy: Sendable, Hashable {
    /// Relative to the output folder.
    public var outputPath: String
    /// Absolute path of the file to copy.
    public var origin: String
}
