import Foundation

/// A `ContentHash` of any `Encodable` value, made by walking the value as an encoder would,
/// without building its encoding. Two values hash alike exactly when they encode alike (keys of a
/// keyed container are combined without regard to order, as `CompactJSONEncoder` sorts them), so
/// the hash can stand for the encoded file: a file whose value hashes as last time is kept.
struct HashingEncoder {
    func hash<T: Encodable>(_ value: T) throws -> ContentHash {
        let sink = HashSink()
        try value.encode(to: HashEncoder(sink: sink, codingPath: []))
        return sink.finish()
    }
}

/// Collects the hash of one value. Leaves are added in order; the members of a keyed container
/// are each hashed on their own and summed, so the order they were encoded in does not matter.
/// A nested value gets a sink of its own, whose hash is added when the value is complete.
private final class HashSink {
    private var hasher = ContentHasher()
    private var members: (high: UInt64, low: UInt64)?

    func add(_ text: String) { hasher.add(text) }
    func add(_ number: Int) { hasher.add(number) }
    func add(tag: Int) { hasher.add(-1 - tag) }
    func add(_ hash: ContentHash) { hasher.add(hash) }

    func member(_ key: String, _ encode: () throws -> Void) rethrows {
        let outer = hasher
        hasher = ContentHasher()
        hasher.add(key)
        try encode()
        let hash = hasher.finish()
        hasher = outer
        var sum = members ?? (0, 0)
        sum.high &+= hash.high
        sum.low &+= hash.low
        members = sum
    }

    func finish() -> ContentHash {
        if let members { hasher.add(ContentHash(high: members.high, low: members.low)) }
        return hasher.finish()
    }
}

private struct HashEncoder: Encoder {
    let sink: HashSink
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.add(tag: 1)
        return KeyedEncodingContainer(HashKeyed<Key>(sink: sink, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.add(tag: 2)
        return HashUnkeyed(sink: sink, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        HashSingle(sink: sink, codingPath: codingPath)
    }
}

/// Leaves, shared by the three containers: strings, numbers, booleans, or a nested value.
private enum HashLeaf {
    static func add<T: Encodable>(_ value: T, _ sink: HashSink, _ codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: sink.add(tag: 3); sink.add(text)
        case let flag as Bool: sink.add(tag: 4); sink.add(flag ? 1 : 0)
        case let number as any BinaryInteger: sink.add(tag: 5); sink.add("\(number)")
        case let number as Double: sink.add(tag: 6); sink.add("\(number)")
        case let number as Float: sink.add(tag: 6); sink.add("\(Double(number))")
        default:
            let nested = HashSink()
            try value.encode(to: HashEncoder(sink: nested, codingPath: codingPath))
            sink.add(nested.finish())
        }
    }
}

private struct HashKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: HashSink
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { sink.member(key.stringValue) { sink.add(tag: 0) } }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try sink.member(key.stringValue) { try HashLeaf.add(value, sink, codingPath + [key]) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("nested containers are not used by the index files")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not used by the index files")
    }

    mutating func superEncoder() -> any Encoder { HashEncoder(sink: sink, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { HashEncoder(sink: sink, codingPath: codingPath + [key]) }
}

private struct HashUnkeyed: UnkeyedEncodingContainer {
    let sink: HashSink
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(sink: HashSink, codingPath: [any CodingKey]) {
        self.sink = sink
        self.codingPath = codingPath
    }

    mutating func encodeNil() throws { sink.add(tag: 0); count += 1 }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try HashLeaf.add(value, sink, codingPath)
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("nested containers are not used by the index files")
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not used by the index files")
    }

    mutating func superEncoder() -> any Encoder { HashEncoder(sink: sink, codingPath: codingPath) }
}

private struct HashSingle: SingleValueEncodingContainer {
    let sink: HashSink
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { sink.add(tag: 0) }
    mutating func encode<T: Encodable>(_ value: T) throws { try HashLeaf.add(value, sink, codingPath) }
}
