import Foundation

/// A document's summary card, rendered once per build. Listings, relations, "See also" and the
/// home page show the same card on thousands of pages; only the way back to the site root differs
/// between them, so the card is kept in pieces split where that prefix goes.
struct Card: Sendable {
    /// The link to the document from the site root (`practices/foo/index.html`).
    let target: String
    /// The rendered card cut at every occurrence of the site-root prefix.
    let pieces: [String]

    /// Stands for the way back to the site root while the card is rendered once.
    static let rootMarker = "\u{1}praxis-root\u{1}"

    init(target: String, html: String) {
        self.target = target
        pieces = html.splittingBytes(at: Self.rootMarker)
    }
}

/// The card as one page's template sees it: `url` and `html` lead from that page. Its other
/// values (`title`, `summary` …) are made when a template asks for them: most templates show
/// only `html`, and keeping every card's values would cost hundreds of megabytes on a large site.
struct CardView: TemplateObject {
    let card: Card
    let root: String
    let number: Int
    let builder: ContextBuilder

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "url": .text(url)
        case "html": html
        default: builder.cardValue(number, named: name, url: url)
        }
    }

    var values: [String: TemplateValue] {
        builder.cardContext(number, url: url).merging(["html": html]) { $1 }
    }

    private var url: String { root + card.target }
    private var html: TemplateValue { .joined(card.pieces, separator: root) }
}

/// Every page's card, each made the first time a page shows it, from any thread.
final class CardShelf: @unchecked Sendable {
    private let lock = NSLock()
    private var cards: [Card?]
    private let make: @Sendable (Int) -> Card

    init(count: Int, make: @escaping @Sendable (Int) -> Card) {
        cards = Array(repeating: nil, count: count)
        self.make = make
    }

    subscript(number: Int) -> Card {
        if let card = lock.withLock({ cards[number] }) { return card }
        // Two threads may make the same card at once; both get equal cards, one is kept.
        let card = make(number)
        lock.withLock { cards[number] = card }
        return card
    }
}
