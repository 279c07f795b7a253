import Foundation
import Testing
@testable import PraxisKit

/// Every problem is reported where the contributor has to act: the value, the duplicate, the character.
@Suite("Exact positions")
struct PositionTests {
    @Test func aDuplicateKeyOnOneLineIsReportedAtTheDuplicate() {
        let site = TestSite("-- content/case-studies/a.md --\n\(frontMatter(extra: "period: {start: 2019, start: 2020}\n"))\n")
        #expect(site.diagnostics() == ["content/case-studies/a.md:5:23: error: duplicate key `start` (first set at column 10 of this line); keep one of them"])
    }

    @Test func aControlCharacterInYAMLIsReportedAtItsColumn() {
        let site = TestSite("-- content/practices/a.md --\n---\ntitle: Aé\u{0}B\nsummary: S\ndate: 2025-01-31\n---\n")
        #expect(site.diagnostics() == ["content/practices/a.md:2:10: error: YAML could not be read: control characters are not allowed (`\\0`); remove the character or write it as an escape in a double-quoted value"])
    }

    @Test func aMissingThemeIsReportedAtTheThemeKeyOrTheThemeFolder() {
        let withoutSiteFile = TestSite("-- content/practices/a.md --\n\(frontMatter())\n", theme: false)
        #expect(withoutSiteFile.diagnostics().first == "themes/default:1:1: error: theme `default` not found: there is no folder themes/default; add the theme there, or name another with `theme:` in site.yml")
        let site = TestSite("-- site.yml --\ntitle: T\ntheme: fancy\n", theme: false)
        let (config, _) = SiteConfigReader().read("title: T\ntheme: fancy\n")
        let (_, diagnostics) = ThemeLoader(fileSystem: site.fileSystem, paths: site.paths, config: config).load()
        #expect(diagnostics.map(\.description) == ["site.yml:2:8: error: theme `fancy` not found: there is no folder themes/fancy; add the theme there, or name a folder that exists under themes/"])
    }
}
