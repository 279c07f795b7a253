import Foundation

extension LinkResolver {
    /// Lookups shared by reference and relation resolution.
    struct Index {
        /// Published pages in output order; positions are the page numbers relations use.
        let pages: [ParsedPage]
        let position: [String: Int]
        /// Each published page's output path, by page number.
        let outputPaths: [String]
        /// Every parsed document, drafts and documents with errors included, and where each
        /// repository path is among them (`document(at:)`).
        private let all: [ParsedPage]
        private let numberOfPath: [String: Int]
        /// Every document found, even one that could not be read: a link to it is not "missing".
        let documentPaths: Set<String>
        /// Each published page's heading ids, by page number, for `#anchor` checks.
        let anchors: [Set<String>]
        /// Page numbers by slug and by `folder/slug`, for wiki links.
        let bySlug: [String: [Int]]
        let byQualifiedSlug: [String: [Int]]
        /// Documents that are not published (drafts, documents with errors) by slug and by
        /// `folder/slug`: a wiki link to one is a draft link or already reported, not "no document".
        let unpublishedBySlug: [String: [String]]

        /// `outputPaths` are the pages' output paths, in the order of `pages`.
        init(pages: [ParsedPage], outputPaths: [String], all: [ParsedPage], files: ContentTree) {
            self.pages = pages
            self.outputPaths = outputPaths
            var bySlug: [String: [Int]] = [:]
            var byQualifiedSlug: [String: [Int]] = [:]
            var position: [String: Int] = [:]
            var anchors: [Set<String>] = []
            position.reserveCapacity(pages.count)
            anchors.reserveCapacity(pages.count)
            for number in pages.indices {
                let page = pages[number]
                position[page.path] = number
                anchors.append(Set(page.body.headings.map(\.id)))
                bySlug[page.slug, default: []].append(number)
                byQualifiedSlug["\(page.kind.folder)/\(page.slug)", default: []].append(number)
            }
            self.bySlug = bySlug
            self.byQualifiedSlug = byQualifiedSlug
            self.position = position
            self.anchors = anchors
            self.all = all
            var numberOfPath: [String: Int] = [:]
            numberOfPath.reserveCapacity(all.count)
            // The first document of a path is the one kept.
            for number in all.indices where numberOfPath[all[number].path] == nil { numberOfPath[all[number].path] = number }
            self.numberOfPath = numberOfPath
            documentPaths = files.documentPaths.union(numberOfPath.keys)
            var unpublished: [String: [String]] = [:]
            for path in documentPaths where position[path] == nil {
                // A document that was not parsed is known by its file name only.
                let (folder, slug) = numberOfPath[path].map { (all[$0].kind.folder, all[$0].slug) } ?? Self.names(of: path)
                for key in Set([slug, "\(folder)/\(slug)"]) { unpublished[key, default: []].append(path) }
            }
            unpublishedBySlug = unpublished.mapValues { $0.sorted() }
        }

        /// The parsed document at repository path `path`, published or not.
        func document(at path: String) -> ParsedPage? { numberOfPath[path].map { all[$0] } }

        /// The folder published page `number` is written into.
        func outputFolder(of number: Int) -> String {
            outputPaths[number].parentPath
        }

        /// `content/practices/foo.md` and `content/practices/foo/index.md` → (`practices`, `foo`).
        static func names(of path: String) -> (folder: String, slug: String) {
            var components = path.pathParts
            if components.last == "index.md" { components.removeLast() } else if let last = components.last { components[components.count - 1] = String(last.dropLast(3)) }
            return (components.count > 1 ? components[1] : "", Slug.normalize(components.last ?? ""))
        }
    }

    /// The folder a document's relative references are written from. A reference names
    /// `ProjectPaths.clean(directory + "/" + relative)`; the folder's own part of that is cleaned
    /// once, when the document's references are resolved, and each reference only adds its own.
    struct SourceFolder {
        /// The joined path starts with `/` (as it does when the folder is empty).
        private let absolute: Bool
        /// The folder cleaned: its components joined by `/`, as UTF-8.
        private let bytes: [UInt8]

        init(_ directory: String) {
            absolute = directory.utf8.first.map { $0 == UInt8(ascii: "/") } ?? true
            var bytes: [UInt8] = []
            Self.fold(directory, into: &bytes, absolute: absolute)
            self.bytes = bytes
        }

        /// The repository path `relative` names, or nil if it leaves the repository.
        func resolve(_ relative: String) -> String? {
            var bytes = bytes
            bytes.reserveCapacity(bytes.count + 1 + relative.utf8.count)
            Self.fold(relative, into: &bytes, absolute: absolute)
            let joined = String(decoding: bytes, as: UTF8.self)
            let path = absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
            return path.hasPrefix("..") || path == "." ? nil : path
        }

        /// `ProjectPaths.clean`'s steps for each component of `path`, on bytes: `.` is skipped, `..`
        /// drops the component before it (kept, when there is none to drop, unless the path is
        /// absolute). Components are split at ASCII `/` (never inside a character) and hold none, so
        /// the last one starts after the last `/` of `bytes`, and the bytes stay valid UTF-8.
        private static func fold(_ path: String, into bytes: inout [UInt8], absolute: Bool) {
            let (slash, dot) = (UInt8(ascii: "/"), UInt8(ascii: "."))
            var path = path
            path.withUTF8 { utf8 in
                var start = 0
                while start < utf8.count {
                    let end = utf8[start...].firstIndex(of: slash) ?? utf8.count
                    let part = UnsafeBufferPointer(rebasing: utf8[start..<end])
                    start = end + 1
                    if part.isEmpty || (part.count == 1 && part[0] == dot) { continue }
                    if part.count == 2, part[0] == dot, part[1] == dot {
                        let lastStart = bytes.lastIndex(of: slash).map { $0 + 1 } ?? 0
                        let lastIsUp = bytes.count - lastStart == 2 && bytes[lastStart] == dot && bytes[lastStart + 1] == dot
                        if !bytes.isEmpty, !lastIsUp {
                            bytes.removeSubrange(max(lastStart - 1, 0)...)
                            continue
                        }
                        if absolute { continue }
                    }
                    if !bytes.isEmpty { bytes.append(slash) }
                    bytes.append(contentsOf: part)
                }
            }
        }
    }
}
