import Foundation

/// What the last build read, from the build cache (`BuildCache`, `sources.memo`).
struct KnownSources: Sendable {
    /// The hash of the bytes the file at `origin` had when the last build read it with `stamp`.
    var bytesHash: @Sendable (_ origin: String, _ stamp: SourceStamp) -> ContentHash?
    /// Whether a file with this `contentKey` need not be read: the cache holds its parsed page.
    var isParsed: @Sendable (ContentHash) -> Bool
}
