@testable import PraxisKit
import Testing

/// A relative reference resolved from a document's folder names what `ProjectPaths.clean` makes
/// of the two joined, the folder cleaned once (`LinkResolver.SourceFolder`).
struct SourceFolderTests {
    static func cleaned(_ relative: String, from directory: String) -> String? {
        let joined = ProjectPaths.clean(directory + "/" + relative)
        return joined.hasPrefix("..") || joined == "." ? nil : joined
    }

    @Test func resolvesAsCleaningTheJoinedPath() {
        let directories = ["content/practices", "content/practices/bundle", "content", "", "/", "/abs/dir", "a/../b", "./content//practices/.", "..", "../x", "content/..", "content/../..", "café/ünï", "a/.../b"]
        let relatives = ["foo.md", "../lessons/bar.md", "../../static/logo.png", "../../../outside.md", "./x/./y.md", "x//y.md", "", ".", "..", "../", "/abs.md", "a/b/../../c.md", "../..", "../../..", "...", "..foo/bar.md", "x/..", "é/../ü.md", "%2E%2E/x.md", "a\u{301}/../b.md", "../\u{301}x.md"]
        for directory in directories {
            let folder = LinkResolver.SourceFolder(directory)
            for relative in relatives {
                // Byte for byte: `==` on strings would let a differently composed path pass.
                #expect(folder.resolve(relative).map { Array($0.utf8) } == Self.cleaned(relative, from: directory).map { Array($0.utf8) }, "\(directory) + \(relative)")
            }
        }
    }
}
