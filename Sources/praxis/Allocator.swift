#if canImport(CMimalloc)
import CMimalloc
#endif

/// The process' allocator: mimalloc on Linux (Package.swift), glibc's or the system's elsewhere.
enum Allocator {
    /// Asks for memory in 2 MB pages (transparent huge pages) from here on; called when a build
    /// is a rebuild (`SiteBuilder.Options.beforeRebuild`). A rebuild reads most of its work back
    /// from the cache and touches some 120 MB of fresh heap in half a second: in 4 KB pages that
    /// is 30,000 page faults and about 7% of its processor time, which 2 MB pages spare. A full
    /// build gains nothing measurable and its peak grows by a fifth to a third (2.0 GB instead of
    /// 1.65 GB at 100,000 documents, BENCHMARKS.md), so it keeps small pages. Without mimalloc
    /// this does nothing.
    static func preferLargePages() {
        #if canImport(CMimalloc)
        mi_option_set(mi_option_large_os_pages, 1)
        #endif
    }
}
