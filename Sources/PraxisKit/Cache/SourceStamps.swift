import Foundation

/// `sources.memo`: for each document file a build read, by where it was read from and its stamp
/// then (`SourceStamp`), the hash of its bytes. The next build stamps every file; one with the
/// same stamp, whose parsed page `documents.memo` holds, is not read again (`KnownSources`).
enum SourceStamps {
    static func key(_ origin: String, _ stamp: SourceStamp) -> ContentHash {
        var hasher = ContentHasher()
        hasher.add(origin)
        for number in [stamp.size, Int(stamp.modified), Int(stamp.changed), Int(truncatingIfNeeded: stamp.inode), Int(truncatingIfNeeded: stamp.device)] {
            hasher.add(number)
        }
        return hasher.finish()
    }

    /// What the last build read, as `sources` recorded it and `documents` parsed it.
    static func known(_ sources: MemoFile, parsed documents: MemoFile) -> KnownSources {
        KnownSources(bytesHash: { origin, stamp in sources.stored(for: key(origin, stamp)) },
                     isParsed: { documents.contains($0) })
    }

    /// Records the files of a build that began at `start` (nanoseconds since 1970) for the next:
    /// those left unread keep their entries, those read get one. A file changed within moments of
    /// the start is not recorded (`SourceStamp.isSettled`): the next build reads it again.
    static func record(_ files: [SourceFile], start: Int64, to next: MemoWriter?) {
        guard let next else { return }
        for file in files {
            guard let origin = file.origin, let stamp = file.stamp, stamp.isSettled(before: start) else { continue }
            let key = key(origin, stamp)
            if file.isUnread { next.keep(key) } else { next.add(key) { file.bytesHash.write(to: &$0) } }
        }
        next.finish()
    }

    /// Now, as file times count it.
    static var now: Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
