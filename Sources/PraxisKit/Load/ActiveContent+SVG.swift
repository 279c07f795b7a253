import Foundation

/// SVG diagrams are ordinary content, but an SVG is also a document that can hold scripts. This
/// reads its tags the way a browser's XML parser does and reports the first thing that can run
/// code: a scripting element, an event handler attribute (`onload`), a `javascript:` address
/// (character references decoded and white space removed, as browsers read URLs), or a construct
/// that could hide one from this check (an entity declaration, a style sheet instruction, a text
/// encoding other than UTF-8 or ASCII).
extension ActiveContent {
    static func inSVG(_ data: Data) -> ActiveContent? {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.contains(0) {
            return found(at: 0, in: bytes, "an SVG image not saved as UTF-8, whose scripts cannot be checked", remedy: "save it as UTF-8")
        }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            if starts(bytes, "<!--", at: index) { index = end(of: "-->", in: bytes, from: index); continue }
            if starts(bytes, "<![cdata[", at: index) { index = end(of: "]]>", in: bytes, from: index); continue }
            if starts(bytes, "<!entity", at: index) { return found(at: index, in: bytes, "an SVG image with an entity declaration (`<!ENTITY`), which can hide a script") }
            if starts(bytes, "<?xml-stylesheet", at: index) { return found(at: index, in: bytes, "an SVG image with a style sheet instruction (`<?xml-stylesheet`), which can run XSLT") }
            if starts(bytes, "<!", at: index) {
                // A document type is harmless unless it declares something (`<!DOCTYPE svg [ … ]>`).
                let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count
                if bytes[index..<close].contains(UInt8(ascii: "[")) { return found(at: index, in: bytes, "an SVG image with declarations in its `<!DOCTYPE`, which can hide a script") }
                index = close + 1
                continue
            }
            if let finding = tag(at: index, in: bytes, next: &index) { return finding }
        }
        return nil
    }
}

private extension ActiveContent {
    /// Reads one tag from `start` (its `<`); sets `next` past it.
    static func tag(at start: Int, in bytes: [UInt8], next: inout Int) -> ActiveContent? {
        var index = start + 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
        let name = word(in: bytes, from: &index)
        if scriptingElements.contains(localName(name)) {
            return found(at: start, in: bytes, "an SVG image with a `<\(name)>` element")
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
            if isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "?") { index += 1; continue }
            let attributeStart = index
            let attribute = word(in: bytes, from: &index)
            if attribute.isEmpty { index += 1; continue }
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            var value: [UInt8] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                value = attributeValue(in: bytes, from: &index)
            }
            if localName(attribute).hasPrefix("on") {
                return found(at: attributeStart, in: bytes, "an SVG image with an event handler attribute (`\(attribute)`)")
            }
            let address = urlText(value)
            if address.contains("javascript:") || address.contains("vbscript:") {
                return found(at: attributeStart, in: bytes, "an SVG image with a script address in `\(attribute)`")
            }
        }
        next = index + 1
        return nil
    }

    static func found(at offset: Int, in bytes: [UInt8], _ reason: String, remedy: String = svgRemedy) -> ActiveContent {
        var line = 1, lineStart = 0
        for position in 0..<offset where bytes[position] == UInt8(ascii: "\n") { line += 1; lineStart = position + 1 }
        // Columns count characters: every byte that does not continue a UTF-8 sequence.
        let column = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        return ActiveContent(line: line, column: column, reason: reason, remedy: remedy)
    }

    /// A tag or attribute name, lowercased: up to white space, `=`, `/` or `>`.
    static func word(in bytes: [UInt8], from index: inout Int) -> String {
        let start = index
        while index < bytes.count, !isSpace(bytes[index]), ![UInt8(ascii: "="), UInt8(ascii: "/"), UInt8(ascii: ">")].contains(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
    }

    static func attributeValue(in bytes: [UInt8], from index: inout Int) -> [UInt8] {
        guard index < bytes.count else { return [] }
        let quote = bytes[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            let start = index + 1
            index = start
            while index < bytes.count, bytes[index] != quote { index += 1 }
            defer { index += 1 }
            return Array(bytes[start..<min(index, bytes.count)])
        }
        let start = index
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
        return Array(bytes[start..<index])
    }

    /// An attribute value as a browser reads it as an address: character references decoded,
    /// white space and control characters dropped, lowercase.
    static func urlText(_ value: [UInt8]) -> String {
        guard !value.isEmpty else { return "" }
        var text = String(decoding: value, as: UTF8.self)
        if text.contains("&") {
            text = decodingReferences(text)
            for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
                text = text.replacingOccurrences(of: entity, with: character, options: .caseInsensitive)
            }
        }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })).lowercased()
    }

    /// `&#106;` and `&#x6A;` as their characters.
    static func decodingReferences(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "&#[xX]?[0-9A-Fa-f]+;?", options: .regularExpression) {
            result += rest[..<range.lowerBound]
            var digits = rest[range].dropFirst(2)
            let hex = digits.first == "x" || digits.first == "X"
            if hex { digits = digits.dropFirst() }
            if digits.last == ";" { digits = digits.dropLast() }
            if let value = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(value) { result.unicodeScalars.append(scalar) }
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    static func localName(_ name: String) -> String { name.split(separator: ":").last.map(String.init) ?? name }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 12 }

    static func starts(_ bytes: [UInt8], _ lowercasePattern: String, at index: Int) -> Bool {
        let pattern = Array(lowercasePattern.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return zip(bytes[index...], pattern).allSatisfy { ((0x41...0x5A).contains($0) ? $0 + 0x20 : $0) == $1 }
    }

    static func end(of terminator: String, in bytes: [UInt8], from index: Int) -> Int {
        let pattern = Array(terminator.utf8)
        var position = index
        while position + pattern.count <= bytes.count {
            if bytes[position..<position + pattern.count].elementsEqual(pattern) { return position + pattern.count }
            position += 1
        }
        return bytes.count
    }

    /// Elements that run code or load a document that can (SVG 1.1 and Tiny 1.2, and HTML ones an SVG may embed).
    static let scriptingElements: Set<String> = ["script", "foreignobject", "iframe", "frame", "embed", "object", "applet", "handler", "listener"]
}
