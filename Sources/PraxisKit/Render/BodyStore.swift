import Foundation

/// The pages' body HTML, kept in a scratch file from the moment each page is parsed until it is
/// rendered: at 100,000 documents the bodies are over half a gigabyte, and in memory their
/// allocations would be scattered between everything else a page keeps, so that memory freed
/// later could not be given back. Each body is written once, as parsed, and read once, when its
/// page is rendered (its references filled in then, `BodyLinks`); a page the build keeps is never read.
/// A body the build cache holds is not written at all: its slot points into the cache's memo
/// file (`CachedParse`), kept open.
final class BodyStore: @unchecked Sendable {
    private enum Slot {
        case scratch(Range<Int>)
        case stored(StoredBytes)
    }

    private let scratch: any ScratchFile
    private let lock = NSLock()
    private var slots: [Slot] = []
    private var failure: Error?

    init(scratch: any ScratchFile) {
        self.scratch = scratch
    }

    /// Stores `html`; returns its slot.
    func put(_ html: String) -> Int { put(data: Data(html.utf8)) }

    /// The HTML in `slot`; empty, with the failure kept for `problem`, when it cannot be read.
    func html(_ slot: Int) -> String { String(decoding: data(slot), as: UTF8.self) }

    /// Stores a page's sections (their plain text is only for the search index).
    func put(_ sections: [MarkdownDocument.Section]) -> Int {
        var writer = BinaryWriter()
        writer.write(sections)
        return put(data: Data(writer.bytes))
    }

    /// The sections in `slot`; none, with the failure kept, when they cannot be read.
    func sections(_ slot: Int) -> [MarkdownDocument.Section] {
        let bytes = data(slot)
        do {
            return try bytes.withUnsafeBytes { raw in
                var reader = BinaryReader(raw)
                return try reader.readArray()
            }
        } catch {
            record(error)
            return []
        }
    }

    /// Bytes already kept elsewhere (HTML as UTF-8, or sections in the form `put` writes them); returns their slot.
    func put(stored: StoredBytes) -> Int { add(.stored(stored)) }

    private func put(data: Data) -> Int {
        let range: Range<Int>
        do { range = try scratch.append(data) } catch {
            record(error)
            range = 0..<0
        }
        return add(.scratch(range))
    }

    private func add(_ slot: Slot) -> Int {
        lock.withLock {
            slots.append(slot)
            return slots.count - 1
        }
    }

    private func data(_ number: Int) -> Data {
        switch lock.withLock({ slots[number] }) {
        case let .stored(stored):
            do { return try stored.read() } catch {
                record(error)
                return Data()
            }
        case let .scratch(range):
            do { return try scratch.read(range) } catch {
                record(error)
                return Data()
            }
        }
    }

    /// Why a body could not be stored or read back, if one could not: the build must fail then.
    var problem: Error? { lock.withLock { failure } }

    private func record(_ error: Error) {
        lock.withLock { if failure == nil { failure = error } }
    }
}
