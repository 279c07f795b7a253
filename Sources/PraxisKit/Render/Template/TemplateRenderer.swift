/// Renders parsed templates into one growing byte buffer, with swift-mustache's rules for what a
/// name finds and what a section does with it (README "Themes"):
///
/// - a name's first part is looked up from the innermost context outwards, its other parts in
///   what the first found; `.` is the innermost context, `.name` looks only there;
/// - a section over a non-empty list repeats for each item; over `true` renders once, over
///   `false`, nothing or an empty list not at all; over anything else (an object, a text, even
///   an empty one, a number) renders once with that value as the innermost context;
/// - an inverted section renders exactly when a section would not.
struct TemplateRenderer {
    /// Partials more deeply nested than this are not rendered: a theme whose partials include
    /// each other without end is reported when it loads (`Theme.compile`), but a partial named by
    /// a value (`{{>* name}}`) can only be stopped here.
    static let depthLimit = 64

    private let templates: [String: Template]
    private(set) var output: [UInt8] = []
    private var stack: [TemplateValue] = []
    private var depth = 0

    init(templates: [String: Template], capacity: Int = 0) {
        self.templates = templates
        output.reserveCapacity(capacity)
    }

    /// What a template's tags see besides the context stack: where in a list they are, the
    /// indentation of a partial that stands alone on its line, the blocks a `{{< …}}` overrides,
    /// and whether values are escaped.
    fileprivate struct Frame {
        var position: ListPosition?
        var indentation: [UInt8]?
        var overrides: [String: Template]?
        var escapes = true
    }

    struct ListPosition {
        var index: Int
        var isLast: Bool
    }

    mutating func render(_ template: Template, with context: TemplateValue) {
        stack = [context]
        render(template, Frame())
    }
}

private extension TemplateRenderer {
    mutating func render(_ template: Template, _ frame: Frame) {
        var frame = frame
        guard let indentation = frame.indentation, !indentation.isEmpty else {
            for node in template.nodes { render(node, &frame) }
            return
        }
        // Each line this template starts gets the partial's indentation: a node that adds bytes
        // right after a line break of this template's own output is indented.
        let start = output.count
        for node in template.nodes {
            let before = output.count
            render(node, &frame)
            if output.count > before, before > start, output[before - 1] == UInt8(ascii: "\n"),
               before - 2 < start || output[before - 2] != UInt8(ascii: "\r") {
                output.insert(contentsOf: indentation, at: before)
            }
        }
    }

    mutating func render(_ node: Template.Node, _ frame: inout Frame) {
        switch node {
        case let .text(bytes):
            output.append(contentsOf: bytes)
        case let .value(name, escaped):
            if let value = lookup(name, frame) { show(value, escaped: escaped && frame.escapes) }
        case let .section(name, body, inverted):
            let value = lookup(name, frame)
            if inverted { renderInverted(value, body, frame) } else { renderSection(value, body, frame) }
        case let .partial(target, indentation, overrides):
            renderPartial(target, indentation: indentation, overrides: overrides, frame)
        case let .block(name, fallback, indentation):
            var inner = frame
            inner.position = nil
            inner.indentation = (frame.indentation ?? []) + indentation
            render(frame.overrides?[name] ?? fallback, inner)
        case let .escaping(escapes):
            frame.escapes = escapes
        case .definition:
            break
        }
    }

    mutating func renderSection(_ value: TemplateValue?, _ body: Template, _ frame: Frame) {
        switch value {
        case nil, .flag(false)?:
            return
        case .flag(true)?:
            render(body, frame)
        case let .list(items)?:
            var inner = frame
            for (index, item) in items.enumerated() {
                inner.position = ListPosition(index: index, isLast: index == items.count - 1)
                stack.append(item)
                render(body, inner)
                stack.removeLast()
            }
        case let value?:
            enter(value, body, frame)
        }
    }

    mutating func renderInverted(_ value: TemplateValue?, _ body: Template, _ frame: Frame) {
        switch value {
        case nil, .flag(false)?:
            render(body, frame)
        case let .list(items)? where items.isEmpty:
            enter(.list(items), body, frame)
        default:
            return
        }
    }

    mutating func enter(_ value: TemplateValue, _ body: Template, _ frame: Frame) {
        var inner = frame
        inner.position = nil
        stack.append(value)
        render(body, inner)
        stack.removeLast()
    }

    mutating func renderPartial(_ target: Template.Partial, indentation: [UInt8]?, overrides: [String: Template]?, _ frame: Frame) {
        let name: String
        switch target {
        case let .named(fixed): name = fixed
        case let .dynamic(found):
            guard let text = lookup(found, frame)?.text else { return }
            name = text
        }
        guard let template = templates[name], depth < Self.depthLimit else { return }
        var inner = Frame()
        inner.indentation = indentation.map { (frame.indentation ?? []) + $0 } ?? frame.indentation
        // The outermost caller's blocks win over those of the partials it calls.
        inner.overrides = overrides.map { frame.overrides?.merging($0) { outer, _ in outer } ?? $0 } ?? frame.overrides
        depth += 1
        render(template, inner)
        depth -= 1
    }

    func lookup(_ name: Template.Name, _ frame: Frame) -> TemplateValue? {
        var value: TemplateValue
        var transforms = name.transforms[...]
        switch name.start {
        case .position:
            guard let position = frame.position, let first = transforms.popFirst(),
                  let found = Self.transform(position, first) else { return nil }
            value = found
        case .innermost:
            guard let innermost = stack.last else { return nil }
            value = innermost
            for part in name.path {
                guard let member = value.member(part) else { return nil }
                value = member
            }
        case .stack:
            guard let first = name.path.first else {
                guard let innermost = stack.last else { return nil }
                value = innermost
                break
            }
            var found: TemplateValue?
            for level in stride(from: stack.count - 1, through: 0, by: -1) {
                found = stack[level].member(first)
                if found != nil { break }
            }
            guard let found else { return nil }
            value = found
            for part in name.path.dropFirst() {
                guard let member = value.member(part) else { return nil }
                value = member
            }
        }
        for transform in transforms {
            guard let transformed = Self.transform(value, transform) else { return nil }
            value = transformed
        }
        return value
    }

    mutating func show(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case let .text(text): append(text, escaped: escaped)
        case let .joined(parts, separator):
            for (index, part) in parts.enumerated() {
                if index > 0 { append(separator, escaped: escaped) }
                append(part, escaped: escaped)
            }
        case let .flag(flag): output.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8))
        case let .number(number): output.append(contentsOf: String(number).utf8)
        case let .list(items):
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                show(item, escaped: escaped)
            }
        case .object, .lazy: return
        }
    }

    mutating func append(_ text: String, escaped: Bool) {
        guard escaped else {
            output.append(contentsOf: text.utf8)
            return
        }
        text.appendEscapingHTML(to: &output)
    }
}
