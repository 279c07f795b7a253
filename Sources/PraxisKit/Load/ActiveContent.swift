import Foundation

/// A file under `content/` that would run code when a reader opens it from the site: an HTML page,
/// a script, an SVG with a script. Published beside the pages, it runs with the site's address, so
/// it gets around the rule that drops raw HTML from Markdown; content comes from pull requests, so
/// it is published only when `markdown.raw_html` says the site trusts its contributors (README "Files").
public struct ActiveContent: Sendable, Hashable {
    /// Where in the file the active part starts (1:1 for a type that is active as a whole).
    public var line = 1
    public var column = 1
    /// What makes the file active: "an HTML page", "an SVG image with a `<script>` element".
    public var reason: String
    /// What to publish instead.
    public var remedy: String

    /// Checks one file; `bytes` is read only for types whose content decides (SVG).
    static func find(in path: String, bytes: () -> Data?) -> ActiveContent? {
        let type = (path as NSString).pathExtension.lowercased()
        if type == "svg" { return bytes().flatMap(Self.inSVG) }
        return Self.byType.first { $0.types.contains(type) }.map { ActiveContent(reason: $0.reason, remedy: $0.remedy) }
    }

    /// The one message for such a file, whether it is reached by a link or bundled with a page.
    func message(for file: String) -> String {
        "`\(file)` is \(reason), which would run in readers' browsers with the site's address; \(remedy), "
            + "or set `markdown: {raw_html: true}` in site.yml if this site trusts everyone who can change its content"
    }

    static let svgRemedy = "remove that part (export a plain SVG, or run it through svgo) or use a PNG"

    private static let byType: [(types: Set<String>, reason: String, remedy: String)] = [
        (["html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "hta"], "an HTML page", "write it as a Markdown document (or publish a PDF)"),
        (["js", "mjs", "cjs", "wasm", "swf"], "a script", "scripts belong in the theme (assets/), which the site's maintainers review; link a page that explains it instead"),
        (["xml", "xsl", "xslt", "rss", "atom"], "an XML file (a browser runs XSLT and XHTML in it)", "publish the data as .json, .csv or .txt"),
        (["svgz"], "a compressed SVG image, whose scripts cannot be checked", "save it uncompressed as .svg"),
        (["php", "phtml", "asp", "aspx", "jsp", "cgi"], "a server-side script that some web hosts run", "remove it"),
    ]
}
