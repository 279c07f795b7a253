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
final class Leftovers: @unchecked Sendable {
    private var values: [Any] = []

    func keep(_ value: Any) { values.append(value) }

    /// Once the build has returned, this holds the only references, so the last release (and
    /// the freeing) happens on the other thread.
    /// `trimming`: then gives the memory back to the system (`FreedMemory`).
    func release(trimming: Bool = false) {
        DispatchQueue.global(qos: .utility).async {
            self.values = []
            if trimming { FreedMemory.trimNow() }
        }
    }

    /// Frees what a finished stage leaves on another thread, then gives the memory back. The
    /// caller hands its references over (with `consume` where the compiler allows it; otherwise
    /// its own copies go when it returns, moments before the other thread starts).
    static func free(_ values: Any...) {
        let leftovers = Leftovers()
        leftovers.values = values
        leftovers.release(trimming: true)
    }
}
