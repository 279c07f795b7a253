/// The Index stage: the search index for the site's search page, as files under `search/`.
/// (Being built for the search issue: until then it writes no index and the search page says so.)
public struct SearchIndexBuilder: Sendable {
    public let config: SiteConfig

    public init(config: SiteConfig) { self.config = config }

    public func build(_ site: LinkedSite) -> [RenderedFile] { [] }
}
