/// Turns a template's text into a `Template`, on bytes, once per theme load.
///
/// The rules are swift-mustache's, so that a theme written for it renders the same here
/// (`TemplateDifferentialTests` compares the two on generated templates): the text is read a line
/// at a time; a section, comment, partial, block or delimiter tag that stands alone on its line
/// takes the line with it; a partial alone on its line indents every line it renders.
struct TemplateParser {
    /// Every `{{> name}}` and `{{< name}}` with a fixed name, with the offset of its tag, so that a
    /// theme can report a partial that does not exist.
    private(set) var partials: [(name: String, offset: Int)] = []

    private let bytes: [UInt8]
    private var at = 0

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// The template, or the first error in it; either way the partials named before that error,
    /// so that a theme reports a missing one beside a syntax error.
    static func parse(_ text: String) -> (Result<Template, TemplateError>, partials: [(name: String, offset: Int)]) {
        var parser = TemplateParser(text)
        do throws(TemplateError) {
            return (.success(Template(nodes: try parser.nodes(State()))), parser.partials)
        } catch {
            return (.failure(error), parser.partials)
        }
    }

    /// 1-based line and column (in characters) of a byte offset of `text`.
    static func position(of offset: Int, in text: String) -> (line: Int, column: Int) {
        let bytes = Array(text.utf8.prefix(offset))
        let lineStart = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let line = bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return (line, String(decoding: bytes[lineStart...], as: UTF8.self).count + 1)
    }

    fileprivate struct State {
        /// The section being read, if any: its name and transforms as written, and where it opened.
        var section: (name: String, transforms: [String], openedAt: Int)?
        /// Only spaces and tabs so far on this line: a tag here may stand alone.
        var newLine = true
        /// Inside `{{< …}}`; `inheritanceTop` while directly inside it, where `{{$ …}}` defines a block.
        var inInheritance = false
        var inheritanceTop = false
        /// In a block defined inside `{{< …}}`: the indentation of its first line, taken off the others.
        var definitionIndent: [UInt8]?
        var open: [UInt8] = Array("{{".utf8)
        var close: [UInt8] = Array("}}".utf8)

        func entering(_ name: String, transforms: [String] = [], at offset: Int, newLine: Bool) -> State {
            var state = self
            state.section = (name, transforms, offset)
            state.inheritanceTop = false
            if !newLine { state.newLine = false }
            return state
        }
    }
}

private extension TemplateParser {
    /// The nodes up to the end of the section `state` is in (its closing tag read), or of the text.
    mutating func nodes(_ initial: State) throws(TemplateError) -> [Template.Node] {
        var nodes: [Template.Node] = []
        var state = initial
        var spaceBefore: [UInt8] = []
        while at < bytes.count {
            if state.newLine {
                let space = readSpacesAndTabs()
                if state.inInheritance, !state.inheritanceTop {
                    if let indent = state.definitionIndent {
                        spaceBefore = Array(space.dropFirst(indent.count))
                    } else {
                        state.definitionIndent = space
                    }
                } else {
                    spaceBefore = space
                }
            }
            let (text, tag) = readText(state)
            guard let tag else {
                if let newline = readNewline() {
                    nodes.append(.text(spaceBefore + text + newline))
                    state.newLine = true
                    continue
                }
                if !text.isEmpty { nodes.append(.text(spaceBefore + text)) }
                break
            }
            if !text.isEmpty {
                nodes.append(.text(spaceBefore + text))
                spaceBefore = []
                state.newLine = false
            }
            guard at < bytes.count else { throw error(.unfinishedTag, at: tag) }
            var standsAlone = false
            func flushSpace() {
                if !spaceBefore.isEmpty { nodes.append(.text(spaceBefore)) }
                spaceBefore = []
            }
            switch bytes[at] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = bytes[at] == UInt8(ascii: "^")
                at += 1
                let (name, transforms) = try readName(state, tag: tag)
                if isStandalone(state) { standsAlone = true } else { flushSpace() }
                let body = try self.nodes(state.entering(name, transforms: transforms, at: tag, newLine: standsAlone))
                nodes.append(.section(Template.Name(name, transforms: transforms), Template(nodes: body), inverted: inverted))
            case UInt8(ascii: "/"):
                at += 1
                let (name, transforms) = try readName(state, tag: tag)
                guard let section = state.section, section.name == name, section.transforms == transforms else {
                    throw error(.sectionCloseNameIncorrect, at: tag)
                }
                if !isStandalone(state) { flushSpace() }
                return nodes
            case UInt8(ascii: "!"):
                at += 1
                guard let end = find(state.close) else { throw error(.unfinishedTag, at: tag) }
                at = end + state.close.count
                standsAlone = isStandalone(state)
            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                let braced = bytes[at] == UInt8(ascii: "{")
                flushSpace()
                at += 1
                let (name, transforms) = try readName(state, tag: tag)
                if braced {
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "}") else { throw error(.unfinishedTag, at: tag) }
                    at += 1
                }
                nodes.append(.value(Template.Name(name, transforms: transforms), escaped: false))
            case UInt8(ascii: ">"):
                at += 1
                skipWhitespace()
                let dynamic = at < bytes.count && bytes[at] == UInt8(ascii: "*")
                if dynamic { at += 1 }
                let name = try readPartialName(state, tag: tag)
                if !spaceBefore.isEmpty { nodes.append(.text(spaceBefore)) }
                standsAlone = isStandalone(state)
                if !dynamic { partials.append((name, tag)) }
                let target: Template.Partial = dynamic ? .dynamic(Template.Name(name, transforms: [])) : .named(name)
                nodes.append(.partial(target, indentation: standsAlone ? spaceBefore : nil, overrides: nil))
                spaceBefore = []
            case UInt8(ascii: "<"):
                at += 1
                skipWhitespace()
                let written = try readPartialName(state, tag: tag)
                let dynamic = written.first == "*"
                let name = dynamic ? String(written.dropFirst()) : written
                if !spaceBefore.isEmpty { nodes.append(.text(spaceBefore)) }
                standsAlone = isStandalone(state)
                var inner = state.entering(written, at: tag, newLine: true)
                inner.newLine = true
                inner.inInheritance = true
                inner.inheritanceTop = true
                var overrides: [String: Template] = [:]
                for node in try self.nodes(inner) {
                    switch node {
                    case let .definition(block, body): overrides[block] = body
                    case .text: continue
                    default: throw error(.illegalTokenInsideInheritance, at: tag)
                    }
                }
                if !dynamic { partials.append((name, tag)) }
                let target: Template.Partial = dynamic ? .dynamic(Template.Name(name, transforms: [])) : .named(name)
                nodes.append(.partial(target, indentation: spaceBefore, overrides: overrides))
                spaceBefore = []
            case UInt8(ascii: "$"):
                at += 1
                let (name, transforms) = try readName(state, tag: tag)
                guard transforms.isEmpty else { throw error(.transformOnBlock, at: tag) }
                if state.inheritanceTop {
                    standsAlone = isStandalone(state)
                    let body = try self.nodes(state.entering(name, at: tag, newLine: standsAlone))
                    nodes.append(.definition(name, Template(nodes: body)))
                } else {
                    if !spaceBefore.isEmpty { nodes.append(.text(spaceBefore)) }
                    standsAlone = isStandalone(state)
                    let body = try self.nodes(state.entering(name, at: tag, newLine: standsAlone))
                    nodes.append(.block(name, Template(nodes: body), indentation: spaceBefore))
                    spaceBefore = []
                }
            case UInt8(ascii: "="):
                at += 1
                try readDelimiters(&state, tag: tag)
                standsAlone = isStandalone(state)
            case UInt8(ascii: "%"):
                at += 1
                nodes.append(.escaping(try readContentType(state, tag: tag)))
                standsAlone = isStandalone(state)
            default:
                flushSpace()
                let (name, transforms) = try readName(state, tag: tag)
                nodes.append(.value(Template.Name(name, transforms: transforms), escaped: true))
            }
            state.newLine = standsAlone
        }
        if let section = state.section { throw error(.unclosedSection, at: section.openedAt) }
        return nodes
    }

    func error(_ kind: TemplateError.Kind, at offset: Int) -> TemplateError {
        let position = Self.position(of: offset, in: String(decoding: bytes, as: UTF8.self))
        return TemplateError(kind: kind, line: position.line, column: position.column)
    }

    /// Text up to a newline (not read), the end, or the next tag's opening delimiter (read; its
    /// offset is returned).
    mutating func readText(_ state: State) -> ([UInt8], tag: Int?) {
        let start = at
        let first = state.open[0]
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && at + 1 < bytes.count && bytes[at + 1] == UInt8(ascii: "\n")) {
                break
            }
            if byte == first, matches(state.open) {
                let text = Array(bytes[start..<at])
                let tag = at
                at += state.open.count
                return (text, tag)
            }
            at += 1
        }
        return (Array(bytes[start..<at]), nil)
    }

    /// `\n` or `\r\n`, read, if one is here.
    mutating func readNewline() -> [UInt8]? {
        guard at < bytes.count else { return nil }
        if bytes[at] == UInt8(ascii: "\n") {
            at += 1
            return [UInt8(ascii: "\n")]
        }
        if bytes[at] == UInt8(ascii: "\r"), at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "\n") {
            at += 2
            return [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        return nil
    }

    /// A tag stands alone when only spaces and tabs were before it on its line and only they come
    /// after it: then the rest of the line, its newline included, is read with it.
    mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        guard at < bytes.count else { return true }
        var end = at
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        guard end < bytes.count, let length = newlineLength(at: end) else { return false }
        at = end + length
        return true
    }

    /// The length of the line break at `offset`, if there is one: what Swift counts as a newline
    /// character (`\n`, `\r\n`, a lone `\r`, vertical tab, form feed, U+0085, U+2028, U+2029),
    /// as swift-mustache does when it decides whether a tag stands alone.
    func newlineLength(at offset: Int) -> Int? {
        switch bytes[offset] {
        case UInt8(ascii: "\r"): offset + 1 < bytes.count && bytes[offset + 1] == UInt8(ascii: "\n") ? 2 : 1
        case 0x0A, 0x0B, 0x0C: 1
        case 0xC2 where offset + 1 < bytes.count && bytes[offset + 1] == 0x85: 2
        case 0xE2 where offset + 2 < bytes.count && bytes[offset + 1] == 0x80 && (bytes[offset + 2] == 0xA8 || bytes[offset + 2] == 0xA9): 3
        default: nil
        }
    }

    mutating func readSpacesAndTabs() -> [UInt8] {
        let start = at
        while at < bytes.count, bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") { at += 1 }
        return Array(bytes[start..<at])
    }

    mutating func skipWhitespace() {
        while at < bytes.count, Self.isWhitespace(bytes[at]) { at += 1 }
    }

    func matches(_ delimiter: [UInt8]) -> Bool {
        guard at + delimiter.count <= bytes.count else { return false }
        for index in delimiter.indices where bytes[at + index] != delimiter[index] { return false }
        return true
    }

    /// The offset where `delimiter` next begins, from here.
    func find(_ delimiter: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { $0.firstOffset(of: delimiter, from: at) }
    }

    /// A tag's name and the closing delimiter after it; `first(reversed(list))` is
    /// `("list", ["first", "reversed"])`, `index()` is `("", ["index"])`.
    mutating func readName(_ state: State, tag: Int) throws(TemplateError) -> (String, [String]) {
        skipWhitespace()
        let start = at
        while at < bytes.count, Self.nameBytes[Int(bytes[at])] { at += 1 }
        let written = Array(bytes[start..<at])
        skipWhitespace()
        guard matches(state.close) else { throw error(.unfinishedTag, at: tag) }
        at += state.close.count
        guard let name = Self.transforms(in: written) else { throw error(.unfinishedTag, at: tag) }
        return name
    }

    /// Splits `f(g(name))` into its name and transforms; nil when the brackets do not pair up.
    static func transforms(in written: [UInt8]) -> (String, [String])? {
        var index = 0
        func word() -> String {
            let start = index
            while index < written.count, written[index] != UInt8(ascii: "("), written[index] != UInt8(ascii: ")") { index += 1 }
            return String(decoding: written[start..<index], as: UTF8.self)
        }
        var name = word()
        guard index < written.count else { return (name, []) }
        var transforms: [String] = []
        while index < written.count, written[index] == UInt8(ascii: "(") {
            index += 1
            transforms.append(name)
            name = word()
        }
        var closing = 0
        while index < written.count, written[index] == UInt8(ascii: ")") {
            index += 1
            closing += 1
        }
        guard index == written.count, closing == transforms.count, closing > 0 else { return nil }
        return (name, transforms)
    }

    mutating func readPartialName(_ state: State, tag: Int) throws(TemplateError) -> String {
        skipWhitespace()
        let start = at
        while at < bytes.count, Self.nameBytes[Int(bytes[at])] || bytes[at] == UInt8(ascii: "/") { at += 1 }
        let name = String(decoding: bytes[start..<at], as: UTF8.self)
        skipWhitespace()
        guard matches(state.close) else { throw error(.unfinishedTag, at: tag) }
        at += state.close.count
        return name
    }

    /// `{{=<% %>=}}`: two new delimiters, separated by whitespace, before `=` and the old closing one.
    mutating func readDelimiters(_ state: inout State, tag: Int) throws(TemplateError) {
        skipWhitespace()
        let openStart = at
        while at < bytes.count, !Self.isWhitespace(bytes[at]) { at += 1 }
        let open = Array(bytes[openStart..<at])
        guard at < bytes.count else { throw error(.invalidSetDelimiter, at: tag) }
        skipWhitespace()
        let closeStart = at
        while at < bytes.count, !Self.isWhitespace(bytes[at]), bytes[at] != UInt8(ascii: "=") { at += 1 }
        let close = Array(bytes[closeStart..<at])
        guard at < bytes.count else { throw error(.invalidSetDelimiter, at: tag) }
        skipWhitespace()
        guard at < bytes.count, bytes[at] == UInt8(ascii: "=") else { throw error(.invalidSetDelimiter, at: tag) }
        at += 1
        guard matches(state.close), !open.isEmpty, !close.isEmpty else { throw error(.invalidSetDelimiter, at: tag) }
        at += state.close.count
        state.open = open
        state.close = close
        state.inheritanceTop = false
    }

    /// `{{% CONTENT_TYPE: HTML}}` (escape values, the default) or `TEXT` (leave them as they are).
    mutating func readContentType(_ state: State, tag: Int) throws(TemplateError) -> Bool {
        func word() -> String {
            skipWhitespace()
            let start = at
            while at < bytes.count, Self.nameBytes[Int(bytes[at])], bytes[at] != UInt8(ascii: "("), bytes[at] != UInt8(ascii: ")") { at += 1 }
            let word = String(decoding: bytes[start..<at], as: UTF8.self)
            skipWhitespace()
            return word
        }
        let variable = word()
        guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error(.invalidConfiguration, at: tag) }
        at += 1
        let value = word()
        guard matches(state.close), !variable.isEmpty, !value.isEmpty else { throw error(.invalidConfiguration, at: tag) }
        at += state.close.count
        guard variable == "CONTENT_TYPE", value == "HTML" || value == "TEXT" else { throw error(.unknownConfiguration, at: tag) }
        return value == "HTML"
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Letters, digits and `.-_?*()`: what a name (and, with `/`, a partial's name) is made of.
    static let nameBytes: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        return (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || Array(".-_?*()".utf8).contains(byte)
    }
}
