import Foundation

/// The theme's files as loaded from disk: template texts by name and assets to copy.
public struct ThemeSource: Sendable {
    /// Template name (`document`, `partials/header`) → where it came from and its text.
    public var templates: [String: (path: String, text: String)]
    /// Output path under the site (`assets/style.css`) → absolute path to copy from.
    public var assets: [String: String]
    /// The theme's templates folder, relative to the repository, for messages about missing templates.
    public var templatesFolder = "themes/default/templates"
}

/// Reads the theme, letting a site replace any single template or asset with a file of the same
/// name in its own `templates/` or `assets/` folder (README "Themes").
public struct ThemeLoader {
    public let fileSystem: any FileSystem
    public let paths: ProjectPaths
    public let theme: String
    /// Where site.yml names the theme (`SiteConfig.themeLocation`); nil reports at the theme's folder.
    public let themeLocation: SourceLocation?

    public init(fileSystem: any FileSystem, paths: ProjectPaths, theme: String, themeLocation: SourceLocation? = nil) {
        self.fileSystem = fileSystem
        self.paths = paths
        self.theme = theme
        self.themeLocation = themeLocation
    }

    public init(fileSystem: any FileSystem, paths: ProjectPaths, config: SiteConfig) {
        self.init(fileSystem: fileSystem, paths: paths, theme: config.theme, themeLocation: config.themeLocation)
    }

    /// The lookup order for every template and asset, first match wins:
    /// 1. the site's own folder: `templates/NAME.mustache`, `assets/NAME`;
    /// 2. the theme: `themes/THEME/templates/NAME.mustache`, `themes/THEME/assets/NAME`.
    /// This is the only place that decides it.
    public func searchFolders(for part: ThemePart) -> [String] {
        switch part {
        case .templates: return [paths.templateOverrides, "\(paths.themes)/\(theme)/templates"]
        case .assets: return [paths.assetOverrides, "\(paths.themes)/\(theme)/assets"]
        }
    }

    public enum ThemePart { case templates, assets }

    public func load() -> (ThemeSource, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let themeFolder = "\(paths.themes)/\(theme)"
        // Without the repository folder nothing is found; `ContentLoader` reports that once.
        if !fileSystem.isDirectory(themeFolder), fileSystem.isDirectory(paths.root) {
            let at = themeLocation ?? SourceLocation(path: paths.relative(themeFolder))
            let fix = themeLocation == nil ? "add the theme there, or name another with `theme:` in site.yml" : "add the theme there, or name a folder that exists under themes/"
            diagnostics.append(.error("praxis.theme.missing", at: at, "theme `\(theme)` not found: there is no folder \(paths.relative(themeFolder)); \(fix)"))
        }
        var templates: [String: (path: String, text: String)] = [:]
        for (name, path) in firstMatches(.templates, diagnostics: &diagnostics) where name.hasSuffix(".mustache") {
            do {
                let data = try fileSystem.read(path)
                guard let text = String(data: data, encoding: .utf8) else {
                    diagnostics.append(.error("praxis.read.encoding", at: SourceLocation(path: paths.relative(path)), "template is not valid UTF-8"))
                    continue
                }
                templates[String(name.dropLast(".mustache".count))] = (paths.relative(path), text)
            } catch {
                diagnostics.append(.error("praxis.load.unreadable", at: SourceLocation(path: paths.relative(path)), "cannot read template: \(error)"))
            }
        }
        var assets: [String: String] = [:]
        for (name, path) in firstMatches(.assets, diagnostics: &diagnostics) { assets["assets/" + name] = path }
        var source = ThemeSource(templates: templates, assets: assets)
        source.templatesFolder = paths.relative(searchFolders(for: .templates)[1])
        return (source, diagnostics)
    }

    /// Relative name → absolute path of the first folder (in lookup order) that has it.
    private func firstMatches(_ part: ThemePart, diagnostics: inout [Diagnostic]) -> [String: String] {
        var found: [String: String] = [:]
        for folder in searchFolders(for: part).reversed() {
            let entries = (try? fileSystem.walk(folder)) ?? []
            for entry in entries where entry.kind != .directory {
                let name = String(entry.path.dropFirst(folder.count + 1))
                if name.pathParts.contains(where: { $0.hasPrefix(".") }) { continue }
                if entry.kind == .symlink {
                    let target = fileSystem.resolvingLinks(entry.path)
                    guard target.hasPrefix(fileSystem.resolvingLinks(paths.root) + "/"), fileSystem.kind(of: target) == .file else {
                        diagnostics.append(.error("praxis.load.link-outside", at: SourceLocation(path: paths.relative(entry.path)), "symbolic link leads outside the repository or to nothing; copy the file here instead"))
                        continue
                    }
                    found[name] = target
                } else {
                    found[name] = entry.path
                }
            }
        }
        return found
    }
}
