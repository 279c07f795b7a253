import Foundation

/// Gives memory freed by a finished stage back to the system. glibc keeps freed memory in its
/// per-thread arenas for reuse; after a stage that held a large site's parsed text, that is
/// hundreds of megabytes the next stage would not reuse in the same shapes. `malloc_trim` is not
/// imported by Swift's Glibc module, so it is looked up once; elsewhere this does nothing.
enum FreedMemory {
    static func release() {
        #if os(Linux)
        _ = trim?(0)
        #endif
    }

    #if os(Linux)
    private typealias Trim = @convention(c) (Int) -> Int32
    private static let trim: Trim? = dlsym(nil, "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
    #endif
}
