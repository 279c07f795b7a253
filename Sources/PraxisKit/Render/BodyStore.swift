import Foundation

/// The pages' body HTML, put aside while the search index is built and read back page by page
/// when each is rendered. At 100,000 documents the bodies are over half a gigabyte, and the index
/// needs its own memory at the same time; on disk they cost one write and one read.
final class BodyStore: @unchecked Sendable {
    private let scratch: any ScratchFile
    private let ranges: [Range<Int>]
    private let lock = NSLock()
    private var failure: Error?

    /// Moves every page's HTML out of `site` into `scratch`.
    init(moving site: inout LinkedSite, into scratch: any ScratchFile) throws {
        self.scratch = scratch
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(site.pages.count)
        for number in site.pages.indices {
            ranges.append(try scratch.append(Data(site.pages[number].html.utf8)))
            site.pages[number].html = ""
        }
        self.ranges = ranges
    }

    /// Page `number`'s HTML; empty, with the failure kept for `problem`, when it cannot be read.
    func html(_ number: Int) -> String {
        do { return String(decoding: try scratch.read(ranges[number]), as: UTF8.self) } catch {
            lock.withLock { if failure == nil { failure = error } }
            return ""
        }
    }

    /// Why a page could not be read back, if one could not: the build must not succeed then.
    var problem: Error? { lock.withLock { failure } }
}
