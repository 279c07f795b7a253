import Foundation

/// When a build began, as the file system of the build cache tells time: the modification time
/// of a file the build wrote in `.praxis-cache/` (nanoseconds since 1970), and that file
/// system's device. A memo keyed by stamps (`SourceStamps`, `FolderListings`) records only what
/// has settled by then.
struct BuildClock: Sendable {
    let start: Int64
    /// Nil when the file system cannot tell.
    let device: UInt64?

    /// Whether a file or folder stamped after the start can be trusted to keep this stamp for as
    /// long as what it holds stays the same. One changed in the very tick of the clock that stamped
    /// it could be changed again within that tick, with nothing in its stamp to show for it (git
    /// calls such entries "racily clean"): it is read again by the next build.
    ///
    /// On the clock's own file system, anything changed after the start gets a time no earlier
    /// than the start's, whatever the tick of that file system's clock (a nanosecond, or FAT's two
    /// seconds), so a stamp older than the start can never come back: the rule git's index
    /// follows. Elsewhere the clocks may differ, and two seconds of margin are kept.
    func hasSettled(_ stamp: SourceStamp) -> Bool {
        let last = max(stamp.modified, stamp.changed)
        return stamp.device == device ? last < start : last < start - 2_000_000_000
    }
}
