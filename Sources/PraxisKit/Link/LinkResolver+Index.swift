import Foundation

extension LinkResolver {
    /// Lookups shared by reference and relation resolution.
    struct Index {
        /// Published pages in output order; positions are the page numbers relations use.
        let pages: [ParsedPage]
        let position: [String: Int]
        let outputPaths: [String: String]
        /// Every parsed document, drafts and documents with errors included, by repository path.
        let everyPath: [String: ParsedPage]
        /// Every document found, even one that could not be read: a link to it is not "missing".
        let documentPaths: Set<String>
        /// Heading ids per repository path, for `#anchor` checks.
        let anchors: [String: Set<String>]
        /// Page numbers by slug and by `folder/slug`, for wiki links.
        let bySlug: [String: [Int]]
        let byQualifiedSlug: [String: [Int]]
        /// Documents that are not published (drafts, documents with errors) by slug and by
        /// `folder/slug`: a wiki link to one is a draft link or already reported, not "no document".
        let unpublishedBySlug: [String: [String]]

        init(pages: [ParsedPage], all: [ParsedPage], files: ContentTree, outputPath: (ParsedPage) -> String) {
            self.pages = pages
            var bySlug: [String: [Int]] = [:]
            var byQualifiedSlug: [String: [Int]] = [:]
            var position: [String: Int] = [:]
            var outputPaths: [String: String] = [:]
            var anchors: [String: Set<String>] = [:]
            for (number, page) in pages.enumerated() {
                position[page.path] = number
                outputPaths[page.path] = outputPath(page)
                anchors[page.path] = Set(page.body.headings.map(\.id))
                bySlug[page.slug, default: []].append(number)
                byQualifiedSlug["\(page.kind.folder)/\(page.slug)", default: []].append(number)
            }
            self.bySlug = bySlug
            self.byQualifiedSlug = byQualifiedSlug
            self.position = position
            self.outputPaths = outputPaths
            self.anchors = anchors
            let everyPath = Dictionary(all.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            self.everyPath = everyPath
            documentPaths = files.documentPaths.union(everyPath.keys)
            var unpublished: [String: [String]] = [:]
            for path in documentPaths where position[path] == nil {
                // A document that was not parsed is known by its file name only.
                let (folder, slug) = everyPath[path].map { ($0.kind.folder, $0.slug) } ?? Self.names(of: path)
                for key in Set([slug, "\(folder)/\(slug)"]) { unpublished[key, default: []].append(path) }
            }
            unpublishedBySlug = unpublished.mapValues { $0.sorted() }
        }

        func outputFolder(of page: ParsedPage) -> String {
            (outputPaths[page.path]! as NSString).deletingLastPathComponent
        }

        /// The repository path a relative reference written in `directory` names, or nil if it leaves the repository.
        static func resolve(_ relative: String, from directory: String) -> String? {
            let joined = ProjectPaths.clean(directory + "/" + relative)
            return joined.hasPrefix("..") || joined == "." ? nil : joined
        }

        /// `content/practices/foo.md` and `content/practices/foo/index.md` → (`practices`, `foo`).
        static func names(of path: String) -> (folder: String, slug: String) {
            var components = path.split(separator: "/").map(String.init)
            if components.last == "index.md" { components.removeLast() } else if let last = components.last { components[components.count - 1] = String(last.dropLast(3)) }
            return (components.count > 1 ? components[1] : "", Slug.normalize(components.last ?? ""))
        }
    }
}
