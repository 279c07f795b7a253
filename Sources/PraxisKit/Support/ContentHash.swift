import Foundation

/// A 128-bit hash of bytes that is the same on every run and machine (unlike `Hasher`), for the
/// build cache's keys. Not cryptographic: it tells content apart, it does not defend against
/// someone crafting collisions (who could as well change the content).
///
/// Two independent 64-bit lanes read eight bytes at a time, so hashing a repository's worth of
/// Markdown costs a fraction of reading it.
public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    init(_ data: Data) {
        self = data.withUnsafeBytes { ContentHash(UnsafeRawBufferPointer($0)) }
    }

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { ContentHash(UnsafeRawBufferPointer($0)) }
    }

    init(_ bytes: UnsafeRawBufferPointer) {
        var hasher = ContentHasher()
        hasher.add(bytes)
        self = hasher.finish()
    }

    /// The hash `description` writes, from its 32 lowercase hexadecimal digits; nil for anything else.
    init?(hexadecimal digits: UnsafeBufferPointer<UInt8>) {
        guard digits.count == 32 else { return nil }
        func lane(_ start: Int) -> UInt64? {
            var lane: UInt64 = 0
            for digit in digits[start..<start + 16] {
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): lane = lane << 4 | UInt64(digit - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): lane = lane << 4 | UInt64(digit - UInt8(ascii: "a") + 10)
                default: return nil
                }
            }
            return lane
        }
        guard let high = lane(0), let low = lane(16) else { return nil }
        self.init(high: high, low: low)
    }

    public var description: String {
        var digits: [UInt8] = []
        appendHexadecimal(to: &digits)
        return String(decoding: digits, as: UTF8.self)
    }

    /// The 32 hexadecimal digits of `description`, appended without making a string (a site's
    /// manifest and stamps hold one for each of its files).
    func appendHexadecimal(to bytes: inout [UInt8]) {
        for lane in [high, low] {
            for shift in stride(from: 60, through: 0, by: -4) {
                let digit = UInt8(truncatingIfNeeded: (lane >> UInt64(shift)) & 0xF)
                bytes.append(digit < 10 ? 0x30 + digit : 0x57 + digit)
            }
        }
    }
}

extension ContentHash {
    /// A hash of a long run of bytes (a memo's sealed value, `MemoFile.sealed`; an output file,
    /// `OutputManifest.hash`): four independent lanes of eight bytes, several times as fast as
    /// `init(_:)`, whose one lane waits on each multiplication; not the same value as `init(_:)`.
    static func bulk(_ bytes: UnsafeRawBufferPointer) -> ContentHash {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63)
        // Multiplied before and after the rotation, so that no flipped bit stays one bit for the next word to undo.
        func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = lane &+ word &* 0xC2B2_AE3D_27D4_EB4F
            return ((mixed << 31) | (mixed >> 33)) &* 0x9E37_79B1_85EB_CA87
        }
        var offset = 0
        while offset + 32 <= bytes.count {
            lanes.0 = mix(lanes.0, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            lanes.1 = mix(lanes.1, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            lanes.2 = mix(lanes.2, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            lanes.3 = mix(lanes.3, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        var hasher = ContentHasher()
        hasher.add(ContentHash(high: lanes.0, low: lanes.1))
        hasher.add(ContentHash(high: lanes.2, low: lanes.3))
        hasher.add(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        hasher.add(bytes.count)
        return hasher.finish()
    }
}

/// Builds one `ContentHash` from several pieces (a key made of a path, bytes and settings).
/// Each piece is added with its length, so `("ab", "c")` and `("a", "bc")` differ.
struct ContentHasher {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var length: UInt64 = 0

    init() {}

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
        mix(tail ^ (UInt64(bytes.count) << 56) ^ 0x5A)
        length &+= UInt64(bytes.count)
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    mutating func add(_ data: Data) {
        data.withUnsafeBytes { add($0) }
    }

    mutating func add(_ number: Int) {
        withUnsafeBytes(of: UInt64(bitPattern: Int64(number)).littleEndian) { add($0) }
    }

    mutating func add(_ hash: ContentHash) {
        mix(hash.high)
        mix(hash.low)
    }

    func finish() -> ContentHash {
        ContentHash(high: Self.avalanche(a ^ length &* 0xFF51_AFD7_ED55_8CCD), low: Self.avalanche(b ^ (a >> 17) ^ length))
    }

    private mutating func mix(_ word: UInt64) {
        a = (a ^ word) &* 0x87C3_7B91_1142_53D5
        a = (a << 31) | (a >> 33)
        b = (b &+ word) &* 0x4CF5_AD43_2745_937F
        b = ((b << 29) | (b >> 35)) ^ a
    }

    private static func avalanche(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}
