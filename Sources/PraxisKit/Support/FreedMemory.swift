import Foundation

/// Gives memory freed by a finished stage back to the system. glibc keeps freed memory in its
/// per-thread arenas for reuse; after a stage that held a large site's parsed text, that is
/// hundreds of megabytes the next stage would not reuse in the same shapes. `malloc_trim` is not
/// imported by Swift's Glibc module, so it is looked up once; elsewhere this does nothing.
/// It runs beside the next stage (it takes tens of milliseconds on a large heap), which may
/// allocate meanwhile: glibc's arenas have locks of their own. The `praxis` command is linked with
/// mimalloc on Linux (Package.swift), which gives freed pages back by itself; there this trims
/// only what glibc's own heap holds (allocations made before mimalloc was loaded, little or none).
enum FreedMemory {
    static func release() {
        DispatchQueue.global(qos: .utility).async { trimNow() }
    }

    /// On the caller's thread.
    fileprivate static func trimNow() {
        #if os(Linux)
        _ = trim?(0)
        #endif
    }

    #if os(Linux)
    private typealias Trim = @convention(c) (Int) -> Int32
    private static let trim: Trim? = dlsym(nil, "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
    #endif
}

/// What a finished build still holds (every page, its strings and arrays, the output's manifest),
/// let go of on another thread: freeing a large site takes a tenth of a second or more that the
/// build's caller need not wait for. A build puts its values in; `release()` hands them over.
///
/// In a process that ends with the build (`SiteBuilder.Options.endsProcess`, the command line),
/// nothing needs freeing at all: `untilExit` keeps every value until then. Freeing a rebuild's
/// ten thousand pages, read back from the cache, was 6% of its processor time, on the same two
/// cores as the stages still running (BENCHMARKS.md "Stop 27").
final class Leftovers: @unchecked Sendable {
    private var values: [Any] = []
    private let lock = NSLock()
    let untilExit: Bool

    init(untilExit: Bool = false) { self.untilExit = untilExit }

    func keep(_ value: Any) { lock.withLock { values.append(value) } }

    /// Once the build has returned, this holds the only references, so the last release (and
    /// the freeing) happens on the other thread; with `untilExit`, never.
    /// `trimming`: then gives the memory back to the system (`FreedMemory`).
    func release(trimming: Bool = false) {
        guard !untilExit else {
            // Held by nothing but the process, which is about to end.
            _ = Unmanaged.passRetained(self)
            return
        }
        DispatchQueue.global(qos: .utility).async {
            self.lock.withLock { self.values = [] }
            if trimming { FreedMemory.trimNow() }
        }
    }

    /// Frees what a finished stage leaves on another thread, then gives the memory back; with
    /// `untilExit`, keeps it with the rest. The caller hands its references over (with `consume`
    /// where the compiler allows it; otherwise its own copies go when it returns, moments before
    /// the other thread starts).
    func free(_ values: Any...) {
        if untilExit { return keep(values) }
        let leftovers = Leftovers()
        leftovers.values = values
        leftovers.release(trimming: true)
    }

    /// What a stage of a build leaves goes to `leftovers` (which keeps it until the process ends,
    /// when it is `untilExit`) in a rebuild of up to `keptPagesLimit` pages, and is freed at once
    /// otherwise. A full build's parsed pages, sources and search shards are hundreds of
    /// megabytes; at 100,000 documents a rebuild that kept them grew from 2.9 to 3.8 GB resident
    /// (the memos it reads count there too), for a gain of a few percent.
    static func forStages(of leftovers: Leftovers, rebuilding: Bool, pages: Int) -> Leftovers {
        rebuilding && pages <= keptPagesLimit ? leftovers : Leftovers()
    }

    static let keptPagesLimit = 25_000
}
