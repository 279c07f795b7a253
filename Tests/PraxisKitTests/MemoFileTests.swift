import Foundation
import Testing
@testable import PraxisKit

/// A memo carries one build's results to the next. A rebuild, where most results are the last
/// build's, appends only what is new; a memo mostly out of use is written anew with what is in use.
@Suite("Memo files")
struct MemoFileTests {
    @Test func aBulkHashTellsEveryFlippedBitAndEveryLength() {
        let bytes = (0..<203).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let hash = bytes.withUnsafeBytes { ContentHash.bulk($0) }
        #expect(bytes.withUnsafeBytes { ContentHash.bulk($0) } == hash, "the same bytes, the same hash")
        var hashes: Set<ContentHash> = [hash]
        // Every bit, in the four lanes' part and in the tail after it.
        for position in bytes.indices {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[position] ^= 1 << bit
                hashes.insert(flipped.withUnsafeBytes { ContentHash.bulk($0) })
            }
        }
        for count in 0..<bytes.count { hashes.insert(bytes.withUnsafeBytes { ContentHash.bulk(UnsafeRawBufferPointer(rebasing: $0[..<count])) }) }
        #expect(hashes.count == 1 + bytes.count * 8 + bytes.count)
    }

    /// A part a reader passes over (a cached page's links and positions, `ParsedPage`) is still
    /// known damaged: a byte changed anywhere in it, or in its hash, fails the read whether the
    /// part is read or passed over, so the entry is a miss and made again, not kept.
    @Test func aPartPassedOverIsStillKnownDamaged() {
        var writer = BinaryWriter()
        writer.write(1)
        writer.writePart { part in
            part.write("content/practices/a.md")
            part.write(9)
        }
        writer.write(2)
        func reads(_ bytes: [UInt8], skipping: Bool) -> Bool {
            bytes.withUnsafeBytes { raw in
                var reader = BinaryReader(raw)
                let part: (String, Int)?
                do {
                    guard try reader.readInt() == 1 else { return false }
                    part = try reader.readPart(skip: skipping) { try ($0.readString(), $0.readInt()) }
                } catch { return false }
                return (skipping ? part == nil : part?.0 == "content/practices/a.md" && part?.1 == 9) && (try? reader.readInt()) == 2 && reader.isAtEnd
            }
        }
        #expect(reads(writer.bytes, skipping: true) && reads(writer.bytes, skipping: false))
        // After the first number and the part's length: its hash, then its bytes.
        for position in 2..<(writer.bytes.count - 1) {
            var damaged = writer.bytes
            damaged[position] ^= 0x20
            #expect(!reads(damaged, skipping: true) && !reads(damaged, skipping: false), "byte \(position) changed")
        }
    }

    let fileSystem = InMemoryFileSystem()
    let path = "/site/.praxis-cache/numbers.memo"
    let fingerprint = ContentHash(high: 1, low: 2)

    /// One build that needs the squares of `numbers`: each is taken from the memo when it is
    /// there, and worked out otherwise. Returns the numbers it had to work out.
    @discardableResult
    func build(_ numbers: [Int], fingerprint: ContentHash? = nil) -> [Int] {
        let fingerprint = fingerprint ?? self.fingerprint
        let memo = MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem)
        let next = MemoWriter(path: path, fingerprint: fingerprint, fileSystem: fileSystem, old: memo)
        var workedOut: [Int] = []
        for number in numbers {
            let square = memo.value(for: ContentHash("\(number)"), next: next, decode: { try $0.readInt() }, encode: { $1.write($0) }) {
                workedOut.append(number)
                return number * number
            }
            #expect(square == number * number)
        }
        next.finish()
        return workedOut
    }

    var bytes: Data { (try? fileSystem.read(path)) ?? Data() }

    @Test func aRebuildAppendsOnlyWhatIsNewAndFindsEverythingAfterwards() {
        #expect(build(Array(0..<10)) == Array(0..<10))
        let first = bytes
        #expect(build(Array(0..<11)) == [10])
        #expect(bytes.count > first.count && bytes.prefix(first.count) == first, "the old memo is extended, not copied")
        #expect(build(Array(0..<11)).isEmpty)
        #expect(!fileSystem.exists(path + ".partial"))
    }

    /// Opening a memo reads the list of places written beside it (`<memo>.toc`), not every entry.
    /// The list is a hint: one written for another size of the memo is passed over, and a place
    /// that does not hold its key is a miss, never another key's value.
    @Test func aMemosTableOfContentsIsAHintNeverTrusted() throws {
        build(Array(0..<10))
        build(Array(0..<12))  // appended
        let contents = MemoFile.contentsPath(path)
        #expect(fileSystem.exists(contents))
        #expect(build(Array(0..<12)).isEmpty, "every value found through the list, after an append")
        try fileSystem.remove(contents)
        #expect(build(Array(0..<12)).isEmpty, "and without it, by reading every entry")
        #expect(build(Array(0..<3)).isEmpty && build([0, 1, 2, 40]) == [40], "a memo written anew has one too")
        #expect(fileSystem.exists(contents))

        // The memo's own entries, read from the start.
        let memo = Array(bytes)
        var places: [(key: ContentHash, range: Range<Int>)] = []
        memo.withUnsafeBytes { raw in
            var reader = BinaryReader(raw, offset: MemoFile.headerCount)
            while !reader.isAtEnd, let key = try? reader.read(ContentHash.self), let length = try? reader.readCount() {
                places.append((key, reader.offset..<reader.offset + length))
                _ = try? reader.readRaw(length)
            }
        }
        #expect(places.count == 4)
        func listing(_ entries: [(key: ContentHash, range: Range<Int>)], size: Int) throws -> MemoFile {
            try fileSystem.write(MemoFile.contents(entries, size: size, fingerprint: fingerprint), to: contents)
            return MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem)
        }
        func value(_ memo: MemoFile, _ key: ContentHash) -> Int? { memo.stored(for: key) { try $0.readInt() } }
        #expect(try listing([places[0]], size: memo.count).count == 1, "only what the list names is looked for")
        let swapped = try listing([(places[0].key, places[1].range), (places[1].key, places[0].range)], size: memo.count)
        #expect(value(swapped, places[0].key) == nil && value(swapped, places[1].key) == nil, "a place holding another key: a miss")
        let shifted = try listing([(places[0].key, places[0].range.lowerBound + 1..<places[0].range.upperBound)], size: memo.count)
        #expect(value(shifted, places[0].key) == nil, "a place that is not where a value starts: a miss")
        #expect(try listing([places[0]], size: memo.count - 1).count == 4, "a list for another size: the memo read whole")
        #expect(try listing([(places[0].key, 0..<memo.count + 1)], size: memo.count).count == 4, "a place outside the memo: the list passed over")
        #expect(value(try listing(places, size: memo.count), places[3].key) == 40 * 40)

        // Kept through a wrong list and written anew, a value stays under its own key: a writer
        // copies a kept value only from where its key stands.
        _ = try listing([(places[0].key, places[1].range), (places[1].key, places[0].range)] + places[2...], size: memo.count)
        let read = MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem)
        let next = MemoWriter(path: path, fingerprint: fingerprint, fileSystem: fileSystem, old: read)
        for place in places.prefix(2) { next.keep(place.key) }
        next.add(ContentHash("filler")) { $0.write(Array(repeating: 7, count: 200)) }  // less than half kept: written anew
        next.finish()
        let rewritten = MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem)
        #expect(value(rewritten, places[0].key) == nil && value(rewritten, places[1].key) == nil, "neither taken for the other")
    }

    /// The list a writer leaves names every entry where a reading from the start finds it, and
    /// the memo's size, after an append and after the memo is written anew.
    @Test func aWritersTableOfContentsIsWhatReadingTheMemoFindsAfterAppendsAndRewrites() throws {
        func scanned() -> [ContentHash: Range<Int>] {
            var places: [ContentHash: Range<Int>] = [:]
            Array(bytes).withUnsafeBytes { raw in
                var reader = BinaryReader(raw, offset: MemoFile.headerCount)
                while !reader.isAtEnd, let key = try? reader.read(ContentHash.self), let length = try? reader.readCount() {
                    places[key] = reader.offset..<reader.offset + length
                    _ = try? reader.readRaw(length)
                }
            }
            return places
        }
        func listed() throws -> (size: Int, places: [ContentHash: Range<Int>]) {
            let contents = Array(try fileSystem.read(MemoFile.contentsPath(path)))
            return try contents.withUnsafeBytes { raw in
                var reader = BinaryReader(raw, offset: MemoFile.contentsMagic.count)
                #expect(try reader.read(ContentHash.self) == fingerprint)
                let size = try reader.readInt()
                var places: [ContentHash: Range<Int>] = [:]
                for _ in 0..<(try reader.readCount()) {
                    let (key, start, length) = (try reader.read(ContentHash.self), try reader.readInt(), try reader.readInt())
                    places[key] = start..<start + length
                }
                return (size, places)
            }
        }
        for (step, numbers) in [Array(0..<40), Array(0..<45), Array(0..<45) + [1_000, 2_000], [3, 4, 70_000], [3, 4, 70_000, 5]].enumerated() {
            build(numbers)
            let (size, places) = try listed()
            #expect(size == bytes.count, "step \(step): the memo's size")
            #expect(places == scanned(), "step \(step): every entry where it is")
        }
    }

    @Test func aMemoMostlyOutOfUseIsWrittenAnewWithOnlyWhatIsInUse() {
        build(Array(0..<10))
        let first = bytes
        #expect(build([0, 1, 20]) == [20])
        #expect(bytes.count < first.count, "2 of 10 values still in use: the memo is written anew")
        #expect(build([0, 1, 20, 5]) == [5], "what was out of use is gone; what was in use or new is there")
    }

    @Test func finishingTwiceChangesNothing() {
        build(Array(0..<10))
        let memo = MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem)
        let next = MemoWriter(path: path, fingerprint: fingerprint, fileSystem: fileSystem, old: memo)
        for number in 0...10 {
            _ = memo.value(for: ContentHash("\(number)"), next: next, decode: { try $0.readInt() }, encode: { $1.write($0) }) { number * number }
        }
        next.finish()
        let once = bytes
        next.finish()
        #expect(bytes == once)
        #expect(build(Array(0..<11)).isEmpty)
    }

    @Test func aMemoForAnotherFingerprintIsReplacedNotExtended() {
        build(Array(0..<10))
        #expect(build(Array(0..<10), fingerprint: ContentHash(high: 3, low: 4)) == Array(0..<10))
        #expect(build([0], fingerprint: ContentHash(high: 3, low: 4)).isEmpty)
        #expect(build([0]) == [0], "the first fingerprint's values are gone")
    }

    @Test func aMemoReplacedByAnotherBuildMeanwhileIsNotExtended() {
        build(Array(0..<10))
        let memo = MemoFile(path: path, fingerprint: fingerprint, fileSystem: fileSystem)
        let next = MemoWriter(path: path, fingerprint: fingerprint, fileSystem: fileSystem, old: memo)
        for number in [99] + Array(0..<10) {
            _ = memo.value(for: ContentHash("\(number)"), next: next, decode: { try $0.readInt() }, encode: { $1.write($0) }) { number * number }
        }
        build([50, 51])  // another build wrote its own memo meanwhile
        next.finish()
        #expect(build([0, 99]).isEmpty, "this build's memo replaced the other one whole")
    }

    /// A page's body taken from the memo is left in the memo's file (`CachedParse`) and read
    /// when the page is rendered, after this build has already written the next memo in its place:
    /// it must still read what this build's memo held, and a value that is not whole is a miss.
    @Test func bytesLeftInTheMemosFileReadBackAfterTheMemoIsReplaced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-memo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let disk = DiskFileSystem(), path = folder + "/pages.memo"
        func write(_ values: [String: String]) {
            let next = MemoWriter(path: path, fingerprint: fingerprint, fileSystem: disk)
            for (key, text) in values { next.add(ContentHash(key)) { $0.write(text) } }
            next.finish()
        }
        write(["a": "the body of a", "b": "the body of b"])
        let memo = MemoFile(path: path, fingerprint: fingerprint, fileSystem: disk)
        let stored = try #require(memo.stored(for: ContentHash("a")) { try $0.readStored() })
        #expect(memo.stored(for: ContentHash("b")) { try $0.readStored { _ in } } == nil, "a check that does not read to the end: a miss")
        write(["c": "another build's memo, written in the old one's place"])
        #expect(String(decoding: try stored.read(), as: UTF8.self) == "the body of a")
    }
}
