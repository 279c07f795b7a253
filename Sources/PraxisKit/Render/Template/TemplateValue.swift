/// A value a template can show (`{{x}}`), test or enter (`{{#x}}…{{/x}}`): what the context
/// builder makes for every page (README "Template context"). Typed, so that rendering never
/// casts or reflects: swift-mustache, which rendered Praxis' pages before, spent most of a build's
/// rendering time finding out at run time what each `Any` was.
public enum TemplateValue: Sendable {
    case text(String)
    /// A text given in parts, `separator` between each two: a card's HTML with the way back to
    /// the site root between its pieces. Shown without being joined first (one card is shown on
    /// many pages); everything else treats it as the joined text.
    case joined([String], separator: String)
    case flag(Bool)
    case number(Int)
    case list([TemplateValue])
    case object([String: TemplateValue])
    /// An object whose values are made only when a template asks for them (a card).
    case lazy(any TemplateObject)

    /// The value a name leads to inside this one; nil for anything but an object.
    func member(_ name: String) -> TemplateValue? {
        switch self {
        case let .object(values): values[name]
        case let .lazy(object): object.value(named: name)
        case .text, .joined, .flag, .number, .list: nil
        }
    }

    /// The text of a text, joined if it comes in parts; nil for anything else.
    var text: String? {
        switch self {
        case let .text(text): text
        case let .joined(parts, separator): parts.joined(separator: separator)
        case .flag, .number, .list, .object, .lazy: nil
        }
    }
}

/// An object that makes its values on demand.
public protocol TemplateObject: Sendable {
    func value(named name: String) -> TemplateValue?
    /// Every value, for the transforms that need them all (`count`, `empty`, `enumerated`).
    var values: [String: TemplateValue] { get }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
