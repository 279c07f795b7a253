import Foundation

/// The stamp (size, modification time, inode) of every file the last build put in one output
/// folder, with the hash of its bytes: an old file is reused only when its hash is that of the
/// new bytes and the file there still has its stamp, i.e. it is provably the file Praxis wrote.
///
/// Kept in the repository's `.praxis-cache/` (ignored by git), not in the output folder: stamps
/// differ on every machine and every clean build, and the output must not. One file per output
/// folder, named after a hash of its path, whose first line names it:
///
///     praxis-stamps 1 /path/to/_site
///     <hash> <size> <modified ns> <inode> <render key or -> <path>        one line per file, sorted by path
///
/// A missing, damaged or stale file only means that files are written again.
struct OutputStamps: Sendable {
    struct Entry: Hashable {
        var hash: ContentHash
        var stamp: FileStamp
        /// What the page was rendered from (`RenderKeys`); nil for files not rendered from a key.
        var renderKey: ContentHash?
    }

    var entries: [String: Entry] = [:]
    /// The paths as the file listed them: sorted, unless the file was changed by hand.
    private(set) var listed: [String] = []

    init() {}

    init(_ data: Data, output: String) {
        let header = Data((Self.header(output) + "\n").utf8)
        guard data.starts(with: header) else { return }
        var entries: [String: Entry] = [:], listed: [String] = []
        // A line is about 140 bytes long: room for all of them, and a few more.
        entries.reserveCapacity(data.count / 120)
        listed.reserveCapacity(data.count / 120)
        data.forEachLine(from: header.count, fields: 6) { line in
            guard let hash = line.hash(0), let size = line.integer(1), let modified = line.integer(2), let inode = line.unsigned(3) else { return }
            let path = line.string(5)
            entries[path] = Entry(hash: hash, stamp: FileStamp(size: Int(size), modified: modified, inode: inode), renderKey: line.hash(4))
            listed.append(path)
        }
        (self.entries, self.listed) = (entries, listed)
    }

    /// The entries by path, as the file and the output manifest list them. A rebuild stages
    /// nearly the files `earlier` (the last build's stamps) listed, sorted already: those are taken
    /// in that order, and only the others are sorted and merged in.
    func sorted(following earlier: OutputStamps) -> [(path: String, entry: Entry)] {
        var known: [(path: String, entry: Entry)] = []
        known.reserveCapacity(entries.count)
        for path in earlier.listed {
            // The path as staged: another spelling of the same name is the same key.
            if let index = entries.index(forKey: path) { known.append((entries[index].key, entries[index].value)) }
        }
        // In strictly rising order, the paths are distinct: as many as there are entries are all of them.
        guard zip(known, known.dropFirst()).allSatisfy({ $0.path < $1.path }) else { return sorted }
        if known.count == entries.count { return known }
        let listed = Set(earlier.listed)
        let added = entries.filter { !listed.contains($0.key) }.sorted { $0.key < $1.key }.map { (path: $0.key, entry: $0.value) }
        var merged: [(path: String, entry: Entry)] = []
        merged.reserveCapacity(entries.count)
        var (old, new) = (known[...], added[...])
        while let first = old.first, let next = new.first {
            if first.path < next.path { merged.append(old.removeFirst()) } else { merged.append(new.removeFirst()) }
        }
        return merged + old + new
    }

    /// The entries by path, sorted.
    var sorted: [(path: String, entry: Entry)] {
        entries.keys.sorted().map { (path: $0, entry: entries[$0]!) }
    }

    /// The file for `output`, from `sorted`.
    static func encoded(_ sorted: [(path: String, entry: Entry)], output: String) -> Data {
        var bytes = Array((header(output) + "\n").utf8)
        bytes.reserveCapacity(bytes.count + sorted.count * 160)
        for (path, entry) in sorted {
            entry.hash.appendHexadecimal(to: &bytes)
            // The numbers' digits go straight into the bytes, without a string for each.
            for number in [Int64(entry.stamp.size), entry.stamp.modified] {
                bytes.append(UInt8(ascii: " "))
                if number < 0 { bytes.append(UInt8(ascii: "-")) }
                appendDecimal(number.magnitude, to: &bytes)
            }
            bytes.append(UInt8(ascii: " "))
            appendDecimal(entry.stamp.inode, to: &bytes)
            bytes.append(UInt8(ascii: " "))
            if let key = entry.renderKey { key.appendHexadecimal(to: &bytes) } else { bytes.append(UInt8(ascii: "-")) }
            bytes.append(UInt8(ascii: " "))
            bytes += path.utf8
            bytes.append(UInt8(ascii: "\n"))
        }
        return Data(bytes)
    }

    private static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        let start = bytes.count
        var rest = value
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    /// Where the stamps of `output` are kept.
    static func file(for output: String, root: String) -> String {
        BuildCache.folder(root: root) + "/output-" + OutputManifest.name(Data(output.utf8)) + ".stamps"
    }

    private static func header(_ output: String) -> String { "praxis-stamps 2 " + output }
}
