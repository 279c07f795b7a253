import Foundation

/// What an existing output folder holds that Praxis did not write: anything not named in its
/// manifest, every link, and folders that hold neither. A build replaces the whole folder, so it
/// would delete them; instead the build is refused, one error per stray entry, and the user
/// decides. A folder without a manifest is not a Praxis output at all, so everything in it is stray.
struct StrayFiles {
    let fileSystem: any FileSystem
    let paths: ProjectPaths
    let listings: FolderListings
    /// Listed one by one; the rest are counted on one more line.
    static let listed = 10

    func diagnostics() -> [Diagnostic] {
        let manifest = OutputManifest.read(in: paths.output, fileSystem)
        let strays: [FileEntry]
        do { strays = try find(manifest).sorted { $0.path < $1.path } } catch {
            // What cannot be seen cannot be told apart from what Praxis wrote.
            return [.error("praxis.output.unreadable", at: SourceLocation(path: output), "cannot look into everything in \(output) (\(error)), and a build replaces all of it: make it readable, or choose another --output")]
        }
        var diagnostics = strays.prefix(Self.listed).map { stray in
            Diagnostic.error("praxis.output.not-praxis", at: location(stray), message(for: stray, manifest: manifest))
        }
        if strays.count > Self.listed {
            let next = strays[Self.listed]
            let more = strays.count - Self.listed - 1
            diagnostics.append(.error("praxis.output.not-praxis", at: location(next), "this and \(more) more \(more == 1 ? "entry" : "entries") of \(output) were not written by Praxis either, and the next build would delete them: move them out of \(output), delete them, or choose another --output"))
        }
        return diagnostics
    }
}

extension StrayFiles {
    /// Whether `paths` (a manifest's, `hashes.keys`, or its folders) holds `path` byte for byte: a
    /// `String` matches another spelling of the same name (`é` composed and decomposed), which is
    /// another file on disk. (A set's or a dictionary's keys find it by hash.)
    static func holds<Paths: Collection<String>>(_ paths: Paths, _ path: String) -> Bool {
        guard let index = paths.firstIndex(of: path) else { return false }
        return paths[index].utf8.elementsEqual(path.utf8)
    }

    /// Every folder that holds one of `paths`, directly or further down.
    static func folders(of paths: [String]) -> Set<String> {
        var folders: Set<String> = []
        // A site has about one folder for every page.
        folders.reserveCapacity(paths.count)
        for path in paths {
            var folder = path[...]
            // By bytes: a slash is one byte in UTF-8, and never part of another character.
            while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                folder = folder[..<slash]
                guard folders.insert(String(folder)).inserted else { break }
            }
        }
        return folders
    }
}

private extension StrayFiles {
    var output: String { paths.relative(paths.output) }

    func find(_ manifest: OutputManifest?) throws -> [FileEntry] {
        // As the build that wrote it recorded it (`OutputSession.commit`), or as the last build
        // found it: known from its folders' stamps, with only the folders changed since read.
        if let manifest, let tree = listings.verified(paths.output, as: manifest.digest, holds: manifest.names) {
            listings.record(tree, as: manifest.digest)
            return []
        }
        let (entries, tree) = try listings.walkRecording(paths.output)
        // A folder with anything in it is reported through what it holds.
        guard let manifest else {
            let nonEmpty = Self.folders(of: entries.map(\.path))
            return entries.filter { $0.kind != .directory || !nonEmpty.contains($0.path) }
        }
        let written = Self.folders(of: Array(manifest.hashes.keys))
        let ownNames: Set<String> = [OutputWriter.marker, OutputWriter.staging, OutputWriter.previous]
        // An output folder holds tens of thousands of entries, nearly all of them written: each is
        // looked up once, and folders the manifest does not explain are looked into only if there are any.
        // Whether something besides the marker was let through as Praxis' own.
        var excused = false
        let unexplained = entries.filter { entry in
            // Older versions of Praxis staged inside the output folder.
            if entry.path.hasPrefix(".praxis"), ownNames.contains(String(entry.path.prefix { $0 != "/" })) {
                if entry.path != OutputWriter.marker { excused = true }
                return false
            }
            switch entry.kind {
            case .file: return !Self.holds(manifest.hashes.keys, entry.path)
            case .symlink: return true
            case .directory: return !Self.holds(written, entry.path)
            }
        }
        // A tree that holds nothing but what the manifest names is recorded as such: once it is
        // the kept site, the next build finds it so from its folders' stamps (`OutputSession.reclaim`),
        // and removes nothing. (An older version's staging folder is let through here, and must
        // still be removed there.)
        if unexplained.isEmpty, !excused, let tree { listings.record(tree, as: manifest.digest) }
        guard unexplained.contains(where: { $0.kind == .directory }) else { return unexplained }
        let nonEmpty = Self.folders(of: entries.map(\.path))
        return unexplained.filter { $0.kind != .directory || !nonEmpty.contains($0.path) }
    }

    func location(_ stray: FileEntry) -> SourceLocation {
        SourceLocation(path: paths.relative(paths.output + "/" + stray.path))
    }

    func message(for stray: FileEntry, manifest: OutputManifest?) -> String {
        guard manifest != nil else {
            let what = stray.kind == .symlink ? "this symbolic link" : stray.kind == .directory ? "this folder" : "this file"
            return "\(what) was not written by Praxis: \(output) has no \(OutputWriter.marker), so it is not a Praxis output folder, and a build would delete everything in it; choose another --output, or empty \(output)"
        }
        switch stray.kind {
        case .symlink:
            return "this symbolic link was not made by Praxis (which never writes links), and the next build would delete it: delete it, or choose another --output"
        case .directory:
            return "this folder was not made by Praxis, and the next build would delete it: delete it, or choose another --output"
        case .file where stray.path.pathParts.contains(where: { $0.hasPrefix(".") }):
            return "this file was not written by Praxis, and the next build would delete it: Praxis does not publish hidden files, so move it out of \(output), delete it, or choose another --output"
        case .file:
            return "this file was not written by Praxis, and the next build would delete it: move it to static/\(stray.path) (every build copies static/ to \(output)/static/), delete it, or choose another --output"
        }
    }
}
