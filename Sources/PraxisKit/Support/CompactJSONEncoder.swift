import Foundation

/// Encodes any `Encodable` value as compact JSON with object keys in a fixed order, so the same
/// value always gives the same bytes.
///
/// Foundation's `JSONEncoder` with `.sortedKeys` compares keys as UTF-16 on every sort, which made
/// it the slowest step of the search index (shards hold thousands of keys). This encoder builds a
/// small tree of values and writes it in one pass. Strings escape `"`, `\`, the control characters
/// and U+2028/U+2029 (which old script parsers reject inside string literals); `/` is not escaped.
/// Non-finite numbers cannot be written: they throw.
struct CompactJSONEncoder {
    func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = JSONNode()
        try value.encode(to: TreeEncoder(node: root, codingPath: []))
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        root.write(to: &output)
        return Data(output)
    }
}

/// One value of the tree, filled in by exactly one container.
private final class JSONNode {
    enum Value {
        case pending
        case literal([UInt8])
        case string(String)
        case array([JSONNode])
        case object([String: JSONNode])
    }

    var value: Value = .pending

    func write(to output: inout [UInt8]) {
        switch value {
        case .pending: output += Array("null".utf8)
        case let .literal(bytes): output += bytes
        case let .string(text): Self.write(string: text, to: &output)
        case let .array(items):
            output.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case let .object(members):
            output.append(UInt8(ascii: "{"))
            for (offset, key) in members.keys.sorted(by: Self.precedes).enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                Self.write(string: key, to: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Swift's own string order: stable from run to run, and fast for ASCII keys.
    static func precedes(_ a: String, _ b: String) -> Bool { a < b }

    static func write(string: String, to output: inout [UInt8]) { JSONText.append(string, to: &output) }
}

/// JSON written straight into bytes, for files too large to build as a tree first (`graph.json`).
/// Strings are escaped as `CompactJSONEncoder` escapes them.
enum JSONText {
    /// Most strings hold nothing to escape, and most of the rest only a few bytes: the runs
    /// between the bytes that are escaped are copied whole, not byte by byte.
    static func append(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { bytes in
            var copied = 0, index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // Neither a control character, `"`, `\\` nor the lead byte of U+2028/2029: as it is.
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 else {
                    index += 1
                    continue
                }
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; any other E2 stays as it is.
                let isSeparator = byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
                guard byte != 0xE2 || isSeparator else {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                if isSeparator {
                    appendUnicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &output)
                    index += 3
                } else {
                    appendEscape(byte, to: &output)
                    index += 1
                }
                copied = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `"key":"value",…` (an object's members without its braces), in the order given.
    static func appendMembers(_ members: KeyValuePairs<String, String>, to output: inout [UInt8]) {
        for (offset, member) in members.enumerated() {
            if offset > 0 { output.append(UInt8(ascii: ",")) }
            append(member.key, to: &output)
            output.append(UInt8(ascii: ":"))
            append(member.value, to: &output)
        }
    }

    /// A string as JSON text, quotes included.
    static func encoded(_ string: String) -> [UInt8] {
        var output: [UInt8] = []
        append(string, to: &output)
        return output
    }
}

private extension JSONText {
    /// A control character, `"` or `\\`, as `\n`, `\"`, `\u001f`….
    static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output += [0x5C, 0x22]
        case UInt8(ascii: "\\"): output += [0x5C, 0x5C]
        case 0x0A: output += [0x5C, UInt8(ascii: "n")]
        case 0x0D: output += [0x5C, UInt8(ascii: "r")]
        case 0x09: output += [0x5C, UInt8(ascii: "t")]
        default: appendUnicodeEscape(UInt16(byte), to: &output)
        }
    }

    /// `\u` and four lowercase hexadecimal digits.
    static func appendUnicodeEscape(_ unit: UInt16, to output: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        output += [0x5C, UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) { output.append(digits[Int(unit >> UInt16(shift)) & 0xF]) }
    }
}

private struct TreeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.value {} else { node.value = .object([:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.value {} else { node.value = .array([]) }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }
}

/// Turns a leaf value into its node content; shared by the three container kinds.
private enum Leaf {
    static func literal(_ text: String) -> JSONNode.Value { .literal(Array(text.utf8)) }

    static func number(_ value: Double, _ codingPath: [any CodingKey]) throws -> JSONNode.Value {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no way to write \(value)"))
        }
        if value == value.rounded(), abs(value) < 1e15 { return literal(String(Int64(value))) }
        return literal("\(value)")
    }

    static func encode<T: Encodable>(_ value: T, into node: JSONNode, _ codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: node.value = .string(text)
        case let flag as Bool: node.value = literal(flag ? "true" : "false")
        case let number as any BinaryInteger: node.value = literal("\(number)")
        case let number as Double: node.value = try self.number(number, codingPath)
        case let number as Float: node.value = try self.number(Double(number), codingPath)
        default: try value.encode(to: TreeEncoder(node: node, codingPath: codingPath))
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> JSONNode {
        let child = JSONNode()
        guard case var .object(members) = node.value else { preconditionFailure("keyed container on a non-object") }
        node.value = .pending  // keep `members` uniquely referenced while it changes
        members[key.stringValue] = child
        node.value = .object(members)
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).value = Leaf.literal("null") }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try Leaf.encode(value, into: child(key), codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: child(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    var count: Int {
        guard case let .array(items) = node.value else { return 0 }
        return items.count
    }

    private func next() -> JSONNode {
        let child = JSONNode()
        guard case var .array(items) = node.value else { preconditionFailure("unkeyed container on a non-array") }
        node.value = .pending  // keep `items` uniquely referenced while it grows
        items.append(child)
        node.value = .array(items)
        return child
    }

    mutating func encodeNil() throws { next().value = Leaf.literal("null") }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try Leaf.encode(value, into: next(), codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: next(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(node: next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node: next(), codingPath: codingPath) }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = Leaf.literal("null") }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try Leaf.encode(value, into: node, codingPath)
    }
}
