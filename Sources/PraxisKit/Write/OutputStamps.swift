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
        var hash: String
        var stamp: FileStamp
        /// What the page was rendered from (`RenderKeys`); nil for files not rendered from a key.
        var renderKey: ContentHash?
    }

    var entries: [String: Entry] = [:]

    init() {}

    init(_ data: Data, output: String) {
        let header = Data((Self.header(output) + "\n").utf8)
        guard data.starts(with: header) else { return }
        let lines = data.dropFirst(header.count).lineFields(6)
        entries.reserveCapacity(lines.count)
        for parts in lines {
            guard let size = Int(parts[1]), let modified = Int64(parts[2]), let inode = UInt64(parts[3]) else { continue }
            entries[parts[5]] = Entry(hash: parts[0], stamp: FileStamp(size: size, modified: modified, inode: inode), renderKey: ContentHash(hexadecimal: parts[4]))
        }
    }

    /// The entries by path, as the file and the output manifest list them.
    var sorted: [(path: String, entry: Entry)] {
        entries.sorted { $0.key < $1.key }.map { (path: $0.key, entry: $0.value) }
    }

    /// The file for `output`, from `sorted`.
    static func encoded(_ sorted: [(path: String, entry: Entry)], output: String) -> Data {
        var bytes = Array((header(output) + "\n").utf8)
        bytes.reserveCapacity(bytes.count + sorted.count * 160)
        for (path, entry) in sorted {
            bytes += entry.hash.utf8
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
