import Foundation

/// The Write stage. Fills a staging folder inside the output folder and swaps it in only when
/// every file was written, so a failed build leaves the previous site as it was. It writes,
/// moves and deletes only inside the output folder, and never follows a link there.
public struct OutputWriter {
    public let fileSystem: any FileSystem
    public let paths: ProjectPaths

    public init(fileSystem: any FileSystem, paths: ProjectPaths) {
        self.fileSystem = fileSystem
        self.paths = paths
    }

    /// Marks a folder as Praxis' output, so it may be replaced; any other non-empty folder is refused.
    static let marker = ".praxis-output"
    static let staging = ".praxis-staging"
    static let previous = ".praxis-previous"

    /// Problems that make the output folder unsafe to write to; checked before anything is rendered.
    public func check() -> [Diagnostic] {
        let output = paths.output
        let at = SourceLocation(path: paths.relative(output))
        let root = paths.root
        if output == root || root.hasPrefix(output + "/") || output == "/" {
            return [.error("praxis.output.unsafe", at: at, "the output folder \(output) contains the repository; choose a folder of its own such as _site")]
        }
        for source in [paths.content, paths.themes, paths.staticFiles, paths.templateOverrides, paths.assetOverrides]
        where output == source || output.hasPrefix(source + "/") {
            return [.error("praxis.output.unsafe", at: at, "the output folder \(paths.relative(output)) is inside \(paths.relative(source)); choose a folder of its own such as _site")]
        }
        switch fileSystem.kind(of: output) {
        case nil: return []
        case .symlink?, .file?:
            return [.error("praxis.output.unsafe", at: at, "the output path \(paths.relative(output)) is a file or a link, not a folder; remove it or choose another --output")]
        case .directory?:
            let names = (try? fileSystem.list(output)) ?? []
            if names.isEmpty || names.contains(Self.marker) { return [] }
            return [.error("praxis.output.not-praxis", at: at, "the output folder \(paths.relative(output)) already holds files Praxis did not write; empty it or choose another --output")]
        }
    }

    /// Writes `files` as the new site. A file whose bytes are the same as in the previous build is
    /// not written again: the staging folder gets a hard link to the existing file. Returns how many
    /// files and bytes were actually written.
    public func write(_ files: [RenderedFile]) throws -> (files: Int, bytes: Int) {
        let output = paths.output
        let staging = output + "/" + Self.staging
        let previous = output + "/" + Self.previous
        try fileSystem.createDirectory(output)
        try fileSystem.remove(staging)
        try fileSystem.remove(previous)
        let before = OutputManifest(fileSystem.exists(output + "/" + Self.marker) ? (try? fileSystem.read(output + "/" + Self.marker)) ?? Data() : Data())
        let results = ConcurrentResults<Result<(hash: String, written: Int?), Error>>(count: files.count)
        let fileSystem = self.fileSystem
        DispatchQueue.concurrentPerform(iterations: files.count) { number in
            let file = files[number]
            results[number] = Result {
                let data: Data
                switch file.content {
                case let .bytes(bytes): data = bytes
                case let .copy(origin): data = try fileSystem.read(origin)
                }
                let hash = OutputManifest.hash(data)
                let existing = output + "/" + file.path
                if before.hashes[file.path] == hash, fileSystem.kind(of: existing) == .file,
                   (try? fileSystem.link(existing, to: staging + "/" + file.path)) != nil {
                    return (hash, nil)
                }
                try fileSystem.write(data, to: staging + "/" + file.path)
                return (hash, data.count)
            }
        }
        var manifest = OutputManifest(Data())
        var written = 0, bytes = 0
        do {
            for (file, result) in zip(files, results.values) {
                let (hash, size) = try result.get()
                manifest.hashes[file.path] = hash
                if let size { written += 1; bytes += size }
            }
            try fileSystem.write(manifest.encoded, to: staging + "/" + Self.marker)
        } catch {
            try? fileSystem.remove(staging)
            throw error
        }
        try swap(staging: staging, previous: previous)
        return (written, bytes)
    }

    /// Moves the old site aside, the new one in, and deletes the old one: a few renames.
    private func swap(staging: String, previous: String) throws {
        let output = paths.output
        let special: Set<String> = [Self.staging, Self.previous]
        try fileSystem.createDirectory(previous)
        for name in try fileSystem.list(output) where !special.contains(name) {
            try fileSystem.move(output + "/" + name, to: previous + "/" + name)
        }
        for name in try fileSystem.list(staging) {
            try fileSystem.move(staging + "/" + name, to: output + "/" + name)
        }
        try fileSystem.remove(staging)
        try fileSystem.remove(previous)
    }
}
