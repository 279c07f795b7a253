import Foundation

/// `sources.memo`: for each document file a build read, by where it was read from and its stamp
/// then (`SourceStamp`), the hash of its bytes. The next build stamps every file; one with the
/// same stamp, whose parsed page `documents.memo` holds, is not read again (`KnownSources`).
enum SourceStamps {
    static func key(_ origin: String, _ stamp: SourceStamp) -> ContentHash {
        var hasher = ContentHasher()
        hasher.add(origin)
        stamp.add(to: &hasher)
        return hasher.finish()
    }

    /// What the last build read, as `sources` recorded it and `documents` parsed it.
    static func known(_ sources: MemoFile, parsed documents: MemoFile) -> KnownSources {
        KnownSources(bytesHash: { origin, stamp in sources.stored(for: key(origin, stamp)) },
                     isParsed: { documents.contains($0) })
    }

    /// Records the files of a build that began by `clock` for the next: those left unread keep
    /// their entries, those read get one. A file changed in the tick of the build's start or later
    /// is not recorded (`BuildClock.hasSettled`): the next build reads it again. The clock is
    /// the file system's (`BuildCache.clock`), not this machine's, which may differ from a network
    /// file system's.
    static func record(_ files: [SourceFile], clock: BuildClock, to next: MemoWriter) {
        for file in files {
            guard let origin = file.origin, let stamp = file.stamp, clock.hasSettled(stamp) else { continue }
            let key = key(origin, stamp)
            if file.isUnread { next.keep(key) } else { next.add(key) { file.bytesHash.write(to: &$0) } }
        }
        next.finish()
    }
}

extension SourceStamp: BinaryCodable {
    /// Every part of the stamp, for a memo key.
    func add(to hasher: inout ContentHasher) {
        hasher.add(size)
        hasher.add(Int(modified))
        hasher.add(Int(changed))
        hasher.add(Int(truncatingIfNeeded: inode))
        hasher.add(Int(truncatingIfNeeded: device))
    }

    func write(to writer: inout BinaryWriter) {
        writer.write(size)
        writer.write(Int(modified))
        writer.write(Int(changed))
        writer.write(inode)
        writer.write(device)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(size: try reader.readInt(), modified: Int64(try reader.readInt()), changed: Int64(try reader.readInt()),
                  inode: try reader.readUInt64(), device: try reader.readUInt64())
    }
}
