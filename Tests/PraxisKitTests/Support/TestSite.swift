import Foundation
@testable import PraxisKit

/// A small site declared inline, as `-- path --` blocks, built in memory with the real default theme:
///
///     let site = TestSite("""
///     -- content/practices/a.md --
///     ---
///     title: A
///     ---
///     """)
struct TestSite {
    static let root = "/site"
    let fileSystem: InMemoryFileSystem

    init(_ spec: String, theme: Bool = true) {
        var files: [String: Data] = theme ? TestSite.themeFiles : [:]
        for (path, text) in TestSite.blocks(spec) { files["\(TestSite.root)/\(path)"] = Data(text.utf8) }
        fileSystem = InMemoryFileSystem(files: files)
    }

    var paths: ProjectPaths { ProjectPaths(root: TestSite.root) }

    func build(drafts: Bool = false) -> BuildReport {
        SiteBuilder(fileSystem: fileSystem, paths: paths, options: .init(includeDrafts: drafts, write: true)).run()
    }

    func check() -> BuildReport {
        SiteBuilder(fileSystem: fileSystem, paths: paths, options: .init(write: false)).run()
    }

    /// Diagnostics as printed, for exact comparisons.
    func diagnostics() -> [String] { check().diagnostics.map(\.description) }

    /// An output file's text, or nil when it was not written.
    func output(_ path: String) -> String? {
        (try? fileSystem.read("\(TestSite.root)/_site/\(path)")).map { String(decoding: $0, as: UTF8.self) }
    }

    var outputPaths: [String] {
        let prefix = "\(TestSite.root)/_site/"
        return fileSystem.snapshot.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
    }

    static func blocks(_ spec: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var current: String?
        var lines: [Substring] = []
        func flush() { if let current { result.append((current, lines.joined(separator: "\n") + "\n")) } }
        for line in spec.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- "), line.hasSuffix(" --"), line.count > 6 {
                flush()
                current = String(line.dropFirst(3).dropLast(3))
                lines = []
            } else {
                lines.append(line)
            }
        }
        flush()
        return result
    }

    /// The repository this test file lives in.
    static let repository: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The real default theme, loaded once, placed at the test site's themes/default.
    static let themeFiles: [String: Data] = {
        var files: [String: Data] = [:]
        let theme = repository + "/themes/default"
        for entry in (try? DiskFileSystem().walk(theme)) ?? [] where entry.kind == .file {
            files[root + "/themes/default" + entry.path.dropFirst(theme.count)] = try? DiskFileSystem().read(entry.path)
        }
        return files
    }()
}

/// A valid document's front matter lines, to keep fixtures short.
func frontMatter(_ title: String = "A practice", extra: String = "") -> String {
    """
    ---
    title: \(title)
    summary: A short summary.
    date: 2025-01-31
    \(extra)---
    """
}
