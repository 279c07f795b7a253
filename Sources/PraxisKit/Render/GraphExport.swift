import Foundation

/// `graph.json`: every published document and every connection between two of them, for readers'
/// own tools (README "graph.json"). Encoded with keys in a fixed order (`CompactJSONEncoder`), so it is stable.
enum GraphExport {
    struct Graph: Encodable {
        var version = 1
        var nodes: [Node]
        var edges: [Edge]
    }

    struct Node: Encodable {
        var id: String
        var title: String
        var kind: String
        var url: String
    }

    struct Edge: Encodable {
        var from: String
        var to: String
        var type: String
    }

    static func file(for site: LinkedSite, style: URLStyle) -> RenderedFile {
        let ids = site.pages.map { "\($0.page.kind.folder)/\($0.page.slug)" }
        let graph = Graph(
            nodes: site.pages.indices.map { Node(id: ids[$0], title: site.pages[$0].page.title, kind: site.pages[$0].page.kind.name, url: style.href(from: "graph.json", to: site.pages[$0].outputPath)) },
            edges: site.edges.map { Edge(from: ids[$0.from], to: ids[$0.to], type: $0.type) })
        // Strings and integers only: encoding cannot fail.
        let data = try! CompactJSONEncoder().encode(graph)
        return RenderedFile(path: "graph.json", content: .bytes(data))
    }
}
