import Foundation

/// What the last build wrote, kept in the output folder's marker file (`.praxis-output`): a
/// content hash per output path, one `hash path` line each, sorted. It names every file Praxis
/// may replace (`StrayFiles`), and the same content gives the same manifest, byte for byte.
struct OutputManifest {
    var hashes: [String: ContentHash] = [:]
    /// A hash of the manifest's bytes: what a record of a folder tree that holds nothing else is
    /// kept under (`FolderListings.record(_:as:)`).
    let digest: ContentHash

    init(_ data: Data) {
        digest = Self.digest(of: data)
        var hashes: [String: ContentHash] = [:]
        // A line is about 90 bytes long: room for all of them, and a few more.
        hashes.reserveCapacity(data.count / 80)
        // A line whose hash cannot be read names its path all the same: what is there is Praxis'
        // to replace, and no file will ever match the hash.
        data.forEachLine(fields: 2) { line in hashes[line.string(1)] = line.hash(0) ?? ContentHash(high: 0, low: 0) }
        self.hashes = hashes
    }

    /// The manifest of the output folder, or nil when it has none. A marker that is not a regular
    /// file (a link, a folder) was not made by Praxis and counts as none.
    static func read(in output: String, _ fileSystem: any FileSystem) -> OutputManifest? {
        let marker = output + "/" + OutputWriter.marker
        guard fileSystem.kind(of: marker) == .file, let data = try? fileSystem.read(marker) else { return nil }
        return OutputManifest(data)
    }

    /// Whether `path`, in an output folder with this manifest, is Praxis' own: the marker, or a
    /// file the manifest names (byte for byte, `StrayFiles.holds`).
    func names(_ path: String) -> Bool {
        path == OutputWriter.marker || StrayFiles.holds(hashes.keys, path)
    }

    /// The `digest` of a manifest's bytes.
    static func digest(of data: Data) -> ContentHash {
        data.withUnsafeBytes { ContentHash.bulk($0) }
    }

    /// The manifest of `files`, each a path and its file's hash, sorted by path.
    static func encoded(_ files: [(path: String, hash: ContentHash)]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(files.count * 96)
        for (path, hash) in files {
            hash.appendHexadecimal(to: &bytes)
            bytes.append(UInt8(ascii: " "))
            bytes += path.utf8
            bytes.append(UInt8(ascii: "\n"))
        }
        return Data(bytes)
    }

    /// A file's content hash in the manifest and the output stamps (`ContentHash.bulk`: every
    /// byte of the site goes through it once per build).
    static func hash(_ data: Data) -> ContentHash {
        data.withUnsafeBytes { ContentHash.bulk($0) }
    }

    /// A short name made from a path (the kept site's folder, the stamps file), as earlier
    /// versions named them (FNV-1a, 64 bits, with the length), so that their caches are found.
    static func name(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return String(hash, radix: 16) + "-" + String(data.count, radix: 16)
    }
}
