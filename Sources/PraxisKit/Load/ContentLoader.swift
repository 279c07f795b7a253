import Foundation

/// The Load stage, and the only code that reads content from disk: walks `content/` and `static/`,
/// reads every document's bytes (but those the build cache vouches for, `KnownSources`; one of them
/// is read later, through `reading`, if the cache cannot give its page after all), and refuses
/// links that lead out of the repository.
public struct ContentLoader: Sendable {
    public let fileSystem: any FileSystem
    public let paths: ProjectPaths
    public let schema: Schema
    /// What the last build read: a document unchanged since, whose parsed page the cache holds, is not read.
    let known: KnownSources?

    public init(fileSystem: any FileSystem, paths: ProjectPaths, schema: Schema) {
        self.init(fileSystem: fileSystem, paths: paths, schema: schema, known: nil)
    }

    init(fileSystem: any FileSystem, paths: ProjectPaths, schema: Schema, known: KnownSources?) {
        self.fileSystem = fileSystem
        self.paths = paths
        self.schema = schema
        self.known = known
    }

    public func load() -> (ContentTree, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard checkFolders(&diagnostics) else { return (ContentTree(documents: [], files: [], fileOrigins: [:]), diagnostics) }
        var markdown: [(path: String, origin: String)] = []
        var files: [String: String] = [:]
        var folders: Set<String> = []
        for root in [paths.content, paths.staticFiles] {
            let entries: [FileEntry]
            do { entries = try walk(root, &diagnostics) } catch {
                diagnostics.append(.error("praxis.load.unreadable", at: SourceLocation(path: paths.relative(root)), "cannot read folder: \(error)"))
                continue
            }
            for entry in entries where !isHidden(entry.path, below: root) && validName(entry.path, &diagnostics) {
                if entry.kind == .directory { folders.insert(paths.relative(entry.path)) }
                guard let origin = origin(of: entry, &diagnostics) else { continue }
                let path = paths.relative(entry.path)
                if root == paths.content, path.hasSuffix(".md") { markdown.append((path, origin)) } else { files[path] = origin }
            }
        }
        let bundleFolders = Set(markdown.filter { $0.path.hasSuffix("/index.md") && $0.path.pathParts.count > 3 }
            .map(\.path.parentPath))
        var assetsByBundle: [String: [String]] = [:]
        for path in files.keys.sorted() {
            if let bundle = enclosingBundle(of: path.parentPath, in: bundleFolders) {
                assetsByBundle[bundle, default: []].append(path)
            }
        }
        var documentPaths: Set<String> = []
        let found = markdown.compactMap { path, origin in
            document(path, origin, bundleFolders: bundleFolders, assetsByBundle: assetsByBundle, &diagnostics, &documentPaths)
        }
        let documents = read(found, &diagnostics)
        var tree = ContentTree(documents: documents, files: Set(files.keys), fileOrigins: files)
        tree.documentPaths = documentPaths
        tree.folders = folders.union([paths.content, paths.staticFiles].filter(fileSystem.isDirectory).map(paths.relative))
        for (path, origin) in files where path.hasPrefix("content/") {
            tree.activeContent[path] = ActiveContent.find(in: path) { try? fileSystem.read(origin) }
        }
        return (tree, diagnostics)
    }

    /// A document that cannot be read, and what to do.
    static func unreadable(_ path: String, _ error: Error) -> Diagnostic {
        .error("praxis.load.unreadable", at: SourceLocation(path: path), "cannot read file (\(error)); make it a regular file Praxis may read, or move it out of content/")
    }

    /// A file left unread (`SourceFile.isUnread`) whose parsed page the cache could not give after
    /// all (its entry did not read back): read now, with a new stamp.
    func reading(_ unread: SourceFile) throws -> SourceFile {
        guard let origin = unread.origin else { throw FileSystemError(path: unread.path, reason: "the loader did not say where it is") }
        var file = unread
        (file.bytes, file.stamp) = try fileSystem.readStamped(origin)
        return file
    }
}

private extension ContentLoader {
    /// A wrong `--root`, or a repository without `content/`, would otherwise build an empty site.
    func checkFolders(_ diagnostics: inout [Diagnostic]) -> Bool {
        guard fileSystem.isDirectory(paths.root) else {
            let what = fileSystem.exists(paths.root) ? "is not a folder" : "does not exist"
            diagnostics.append(.error("praxis.load.no-root", at: SourceLocation(path: paths.root), "the repository folder \(paths.root) \(what); run praxis in the repository, or name it with `--root DIR`"))
            return false
        }
        let folders = Suggestion.list(schema.kinds.map { "content/\($0.folder)/" })
        switch fileSystem.kind(of: paths.content) {
        case nil:
            diagnostics.append(.warning("praxis.load.no-content", at: SourceLocation(path: "content"), "there is no content/ folder, so the site has no documents; add documents as Markdown files in \(folders) (README \"Adding a document\")"))
        case .file?:
            diagnostics.append(.error("praxis.load.content-not-folder", at: SourceLocation(path: "content"), "content is a file, but it must be the folder that holds the documents (\(folders)); rename or move the file"))
        default:
            break
        }
        return true
    }

    /// Walks a source folder; if the folder itself is a link, follows it only inside the repository
    /// and reports entries under the folder's own name.
    func walk(_ root: String, _ diagnostics: inout [Diagnostic]) throws -> [FileEntry] {
        guard fileSystem.kind(of: root) == .symlink else { return try fileSystem.walk(root) }
        let target = fileSystem.resolvingLinks(root)
        let repository = fileSystem.resolvingLinks(paths.root)
        guard target.hasPrefix(repository + "/"), fileSystem.kind(of: target) == .directory else {
            diagnostics.append(.error("praxis.load.link-outside", at: SourceLocation(path: paths.relative(root)), "\(paths.relative(root))/ is a symbolic link that leads outside the repository (to \(target)); keep the files in the repository"))
            return []
        }
        return try fileSystem.walk(target).map { FileEntry(path: root + $0.path.dropFirst(target.count), kind: $0.kind) }
    }

    func validName(_ path: String, _ diagnostics: inout [Diagnostic]) -> Bool {
        guard path.containsBytes("\u{FFFD}") else { return true }
        diagnostics.append(.error("praxis.load.bad-name", at: SourceLocation(path: paths.relative(path)), "the file name is not valid UTF-8 and cannot be published; rename the file"))
        return false
    }

    /// Whether a part of `path` below `root` starts with a dot: `/.` after the root, on bytes.
    func isHidden(_ path: String, below root: String) -> Bool {
        var afterSlash = false
        for byte in path.utf8.dropFirst(root.utf8.count) {
            if afterSlash, byte == UInt8(ascii: ".") { return true }
            afterSlash = byte == UInt8(ascii: "/")
        }
        return false
    }

    /// The path to read a file from; a link is followed only when it stays inside the repository.
    func origin(of entry: FileEntry, _ diagnostics: inout [Diagnostic]) -> String? {
        switch entry.kind {
        case .directory: return nil
        case .file: return entry.path
        case .symlink:
            let target = fileSystem.resolvingLinks(entry.path)
            let location = SourceLocation(path: paths.relative(entry.path))
            let root = fileSystem.resolvingLinks(paths.root)
            guard target.hasPrefix(root + "/") else {
                diagnostics.append(.error("praxis.load.link-outside", at: location, "symbolic link leads outside the repository (to \(target)); copy the file into the repository instead"))
                return nil
            }
            switch fileSystem.kind(of: target) {
            case .file?: return target
            case .directory?:
                diagnostics.append(.warning("praxis.load.link-to-folder", at: location, "symbolic link to a folder is not followed; move the files here or link each file"))
                return nil
            default:
                diagnostics.append(.error("praxis.load.broken-link", at: location, "symbolic link points to nothing (\(target))"))
                return nil
            }
        }
    }

    /// One document, its bytes not read yet (`origin` says from where); `documentPaths` collects
    /// every path that is a document, even one that cannot be read, so that links to it are not
    /// reported as missing too.
    func document(_ path: String, _ origin: String, bundleFolders: Set<String>, assetsByBundle: [String: [String]],
                  _ diagnostics: inout [Diagnostic], _ documentPaths: inout Set<String>) -> (file: SourceFile, origin: String)? {
        let components = path.pathParts   // content/<folder>/…/<name>.md
        let folderKind = components.count > 2 ? schema.kind(inFolder: components[1])?.name : nil
        let isBundle = components.last == "index.md"
        if isBundle, components.count <= 3 {
            diagnostics.append(.warning("praxis.load.stray-index", at: SourceLocation(path: path), "an index.md directly in `\(components.dropLast().joined(separator: "/"))` is not a document; name documents `<slug>.md` or `<slug>/index.md`"))
            return nil
        }
        let folder = path.parentPath
        if !isBundle, let bundle = enclosingBundle(of: folder, in: bundleFolders) {
            diagnostics.append(.warning("praxis.load.markdown-in-bundle", at: SourceLocation(path: path), "Markdown file inside the page bundle `\(bundle)` is not a document; move it out of the bundle folder to publish it"))
            return nil
        }
        documentPaths.insert(path)
        let fileSlug = isBundle ? components[components.count - 2] : String(components.last!.dropLast(3))
        let assets = isBundle ? assetsByBundle[folder] ?? [] : []
        return (SourceFile(path: path, bytes: Data(), folderKind: folderKind, fileSlug: fileSlug, bundleAssets: assets), origin)
    }

    /// Reads the documents' bytes on every core (a large repository is mostly waiting for reads),
    /// keeping their order; one that cannot be read is reported and left out. Each file is stamped
    /// through the descriptor it is read from, before it is read, so a change made while it is read
    /// shows in the next build's stamp; one with the stamp it had when the last build read it,
    /// parsed by then, is not read again.
    func read(_ documents: [(file: SourceFile, origin: String)], _ diagnostics: inout [Diagnostic]) -> [SourceFile] {
        let (fileSystem, known) = (self.fileSystem, self.known)
        let stamps = known == nil ? [] : Self.stamps(of: documents.map(\.origin), fileSystem)
        let read = concurrentMap(documents.count) { number in
            Result { () throws -> SourceFile in
                var file = documents[number].file
                let origin = documents[number].origin
                file.origin = origin
                if let known, let stamp = stamps[number], let hash = known.bytesHash(origin, stamp) {
                    var unread = file.unread(hashing: hash)
                    unread.stamp = stamp
                    if known.isParsed(unread.contentKey) { return unread }
                }
                (file.bytes, file.stamp) = try fileSystem.readStamped(origin)
                return file
            }
        }
        return zip(documents, read).compactMap { document, read in
            switch read {
            case let .success(file):
                return file
            case let .failure(error):
                diagnostics.append(Self.unreadable(document.file.path, error))
                return nil
            }
        }
    }

    /// The innermost bundle folder holding `folder` (the folder itself included).
    func enclosingBundle(of folder: String, in bundleFolders: Set<String>) -> String? {
        var current = folder
        while current.utf8.contains(UInt8(ascii: "/")), current != "/" {
            if bundleFolders.contains(current) { return current }
            current = current.parentPath
        }
        return nil
    }
}

extension ContentLoader {
    /// The stamp of each file at `paths` (`FileSystem.sourceStamp`), taken folder by folder
    /// through one descriptor each, in runs on every core.
    static func stamps(of paths: [String], _ fileSystem: any FileSystem) -> [SourceStamp?] {
        var runs: [(folder: String, names: [String], places: [Int])] = []
        var runOfFolder: [String: Int] = [:]
        for (place, path) in paths.enumerated() {
            // Split at the last slash (by bytes: a slash is never part of another character).
            let (folder, name): (String, String)
            if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
                folder = slash == path.utf8.startIndex ? "/" : String(path[..<slash])
                name = String(path[path.utf8.index(after: slash)...])
            } else {
                (folder, name) = (".", path)
            }
            // A run of a folder holds at most 256 files, so that a large folder is stamped on every core.
            if let run = runOfFolder[folder], runs[run].places.count < 256 {
                runs[run].names.append(name)
                runs[run].places.append(place)
            } else {
                runOfFolder[folder] = runs.count
                runs.append((folder, [name], [place]))
            }
        }
        let listed = runs
        let stamped = concurrentMap(listed.count) { run in fileSystem.sourceStamps(listed[run].names, in: listed[run].folder) }
        var stamps = [SourceStamp?](repeating: nil, count: paths.count)
        for (run, found) in zip(runs, stamped) {
            for (place, stamp) in zip(run.places, found) { stamps[place] = stamp }
        }
        return stamps
    }
}
