import Foundation

/// Transforms, written like calls: `{{uppercased(title)}}`, `{{#empty(tags)}}…`, `{{count(cards)}}`,
/// and inside a list `{{#first()}}`, `{{^last()}}`, `{{index()}}`. The set is swift-mustache's
/// (README "Themes"); a transform a value does not have makes the name find nothing.
extension TemplateRenderer {
    static func transform(_ value: TemplateValue, _ name: String) -> TemplateValue? {
        if case .joined = value, let text = value.text { return transform(.text(text), name) }
        if case let .lazy(object) = value { return transform(.object(object.values), name) }
        return switch value {
        case let .text(text):
            switch name {
            case "empty": .flag(text.isEmpty)
            case "capitalized": .text(text.capitalized)
            case "lowercased": .text(text.lowercased())
            case "uppercased": .text(text.uppercased())
            case "reversed": .text(String(text.reversed()))
            default: nil
            }
        case let .number(number):
            switch name {
            case "equalzero": .flag(number == 0)
            case "plusone": .number(number &+ 1)
            case "minusone": .number(number &- 1)
            case "even": .flag(number & 1 == 0)
            case "odd": .flag(number & 1 == 1)
            default: nil
            }
        case let .list(items):
            switch name {
            case "first": items.first
            case "last": items.last
            case "reversed": .list(items.reversed())
            case "count": .number(items.count)
            case "empty": .flag(items.isEmpty)
            case "sorted": sortedTexts(items).map(TemplateValue.list)
            default: nil
            }
        case let .object(values):
            switch name {
            case "count": .number(values.count)
            case "empty": .flag(values.isEmpty)
            // swift-mustache lists a dictionary's pairs in hash order for `enumerated`; sorted by
            // key here, for both, so that a page never depends on it.
            case "enumerated", "sorted":
                .list(values.keys.sorted().map { key in .object(["key": .text(key), "value": values[key]!]) })
            default: nil
            }
        case .flag, .lazy, .joined:
            nil
        }
    }

    static func transform(_ position: ListPosition, _ name: String) -> TemplateValue? {
        switch name {
        case "first": .flag(position.index == 0)
        case "last": .flag(position.isLast)
        case "index": .number(position.index)
        case "even": .flag(position.index & 1 == 0)
        case "odd": .flag(position.index & 1 == 1)
        default: nil
        }
    }

    /// A list of texts in order; nil when some item is not a text (only texts compare).
    private static func sortedTexts(_ items: [TemplateValue]) -> [TemplateValue]? {
        var texts: [String] = []
        for item in items {
            guard let text = item.text else { return nil }
            texts.append(text)
        }
        return texts.sorted().map(TemplateValue.text)
    }
}
