import Foundation

/// The Write stage. Fills a staging folder beside the output folder and swaps it in only when
/// every file was written, so a failed build leaves the previous site as it was. It never follows
/// a link inside the output folder, and it refuses to replace an output folder holding anything
/// Praxis did not write (`StrayFiles`).
public struct OutputWriter: Sendable {
    public let fileSystem: any FileSystem
    public let paths: ProjectPaths
    /// How the output folder and the kept site are looked into: through the build cache's record
    /// of their folders, when there is one.
    let listings: FolderListings

    public init(fileSystem: any FileSystem, paths: ProjectPaths) {
        self.init(fileSystem: fileSystem, paths: paths, listings: FolderListings(fileSystem: fileSystem))
    }

    init(fileSystem: any FileSystem, paths: ProjectPaths, listings: FolderListings) {
        self.fileSystem = fileSystem
        self.paths = paths
        self.listings = listings
    }

    /// Marks a folder as Praxis' output and lists what Praxis wrote there (`OutputManifest`).
    static let marker = ".praxis-output"
    /// Beside the output folder, followed by its name (`.praxis-staging-_site`), so that one
    /// rename can swap the two; older versions of Praxis staged inside the output folder.
    static let staging = ".praxis-staging"
    static let previous = ".praxis-previous"

    /// The folder beside `output` named `prefix-<output's name>`.
    static func beside(_ output: String, _ prefix: String) -> String {
        (output as NSString).deletingLastPathComponent + "/" + prefix + "-" + (output as NSString).lastPathComponent
    }

    /// Checks that the output folder is safe to replace and starts the new site (`begin`), before
    /// anything is rendered. The folder is searched for files Praxis did not write while the kept
    /// site is taken over, at once: both walk a whole site. The session is nil when the output
    /// folder is refused (with the diagnostics saying why) or cannot be begun (`failure`).
    /// Beginning removes what an interrupted build left beside the output folder, which may be the
    /// only copy of the previous site: then the folder is checked first, and nothing is begun if
    /// it is refused.
    public func prepare(keepingReplaced: Bool = true) -> (session: OutputSession?, diagnostics: [Diagnostic], failure: Error?) {
        let problems = placeProblems()
        guard problems.isEmpty else { return (nil, problems, nil) }
        func start() -> Result<OutputSession, Error> { Result { try begin(keepingReplaced: keepingReplaced) } }
        let strays: [Diagnostic], begun: Result<OutputSession, Error>
        if [Self.staging, Self.previous].contains(where: { fileSystem.exists(Self.beside(paths.output, $0)) }) {
            strays = strayFiles()
            guard strays.isEmpty else { return (nil, strays, nil) }
            begun = start()
        } else {
            (strays, begun) = alongside({ [self] in strayFiles() }, start)
        }
        switch begun {
        case let .success(session):
            guard strays.isEmpty else {
                session.abandon()
                return (nil, strays, nil)
            }
            return (session, session.recovered.map { recoveredWarning($0, at: session.recoveryFolder + "/" + $0) }, nil)
        case let .failure(error):
            return (nil, strays, strays.isEmpty ? error : nil)
        }
    }

    /// What the kept site held that Praxis did not write, moved aside (`OutputSession.reclaim`).
    private func recoveredWarning(_ path: String, at place: String) -> Diagnostic {
        .warning("praxis.output.recovered", at: SourceLocation(path: paths.relative(place)), "this was in \(paths.relative(paths.output))/\(path) when a build replaced the site (it was put there while the build ran, or in \(BuildCache.folderName)/ by hand); Praxis did not write it, so it was not published but moved here: move it where it belongs (a file to publish goes in static/)")
    }

    /// Problems that make the output folder unsafe to write to, without beginning a site.
    public func check() -> [Diagnostic] {
        let problems = placeProblems()
        return problems.isEmpty ? strayFiles() : problems
    }

    /// What the output folder holds that Praxis did not write, if it is a folder.
    private func strayFiles() -> [Diagnostic] {
        fileSystem.kind(of: paths.output) == .directory ? StrayFiles(fileSystem: fileSystem, paths: paths, listings: listings).diagnostics() : []
    }

    /// Where the output folder is, or what is there, that makes it unsafe to write to.
    func placeProblems() -> [Diagnostic] {
        let output = paths.output
        // First, so that a site left aside is checked, and kept, like any other.
        if let failure = Self.restoreInterruptedSwap(output, fileSystem) {
            return [.error("praxis.output.write-failed", at: SourceLocation(path: paths.relative(output)), "the previous site was left in \(paths.relative(Self.beside(output, Self.previous))) by an interrupted build and cannot be moved back (\(failure)); move it back to \(paths.relative(output)) by hand")]
        }
        let at = SourceLocation(path: paths.relative(output))
        // Compared where they really are: an output path through a link into content/ is inside content/.
        let resolved = fileSystem.resolvingExistingPart(output)
        let root = fileSystem.resolvingExistingPart(paths.root)
        let through = resolved == output ? "" : " (through a symbolic link, it is \(resolved))"
        if resolved == root || root.hasPrefix(resolved + "/") || resolved == "/" {
            return [.error("praxis.output.unsafe", at: at, "the output folder \(output)\(through) contains the repository; choose a folder of its own such as _site")]
        }
        for source in [paths.content, paths.themes, paths.staticFiles, paths.templateOverrides, paths.assetOverrides] {
            let sourceResolved = fileSystem.resolvingExistingPart(source)
            guard resolved == sourceResolved || resolved.hasPrefix(sourceResolved + "/") else { continue }
            return [.error("praxis.output.unsafe", at: at, "the output folder \(paths.relative(output))\(through) is inside \(paths.relative(source)); choose a folder of its own such as _site")]
        }
        switch fileSystem.kind(of: output) {
        case nil: return []
        case .symlink?, .file?:
            return [.error("praxis.output.unsafe", at: at, "the output path \(paths.relative(output)) is a file or a link, not a folder; remove it or choose another --output")]
        case .directory?:
            return []
        }
    }

    /// Starts a new site in the staging folder; see `OutputSession`. With `keepingReplaced`, the
    /// site it replaces is kept in `.praxis-cache/` as the next build's staging folder, when the
    /// cache is a folder of its own on the output's file system.
    public func begin(keepingReplaced: Bool = true) throws -> OutputSession {
        let cache = BuildCache.folder(root: paths.root)
        var keeping: String?
        if keepingReplaced, BuildCache.isUsable(cache, fileSystem),
           fileSystem.sameVolume(cache, (paths.output as NSString).deletingLastPathComponent) {
            try fileSystem.createDirectory(cache)
            keeping = cache + "/site-" + OutputManifest.name(Data(paths.output.utf8))
        }
        return try OutputSession(fileSystem: fileSystem, output: paths.output, stampsFile: OutputStamps.file(for: paths.output, root: paths.root),
                                 keeping: keeping, listings: listings)
    }

    /// A build stopped between the two moves of `OutputSession`'s fallback swap left the previous
    /// site beside the output folder and no output folder: moves it back. Returns what failed.
    static func restoreInterruptedSwap(_ output: String, _ fileSystem: any FileSystem) -> Error? {
        let previous = beside(output, Self.previous)
        guard !fileSystem.exists(output), fileSystem.isDirectory(previous) else { return nil }
        do { try fileSystem.move(previous, to: output) } catch { return error }
        return nil
    }

    /// Writes `files` as the new site, all at once. Returns how many files and bytes were
    /// actually written (files unchanged since the last build are linked, not written).
    public func write(_ files: [RenderedFile]) throws -> (files: Int, bytes: Int) {
        let session = try begin()
        DispatchQueue.concurrentPerform(iterations: files.count) { session.add(files[$0]) }
        return try session.commit()
    }
}
