import Foundation

/// `graph.json`: every published document and every connection between two of them, for readers'
/// own tools (README "graph.json"):
///
///     {"edges":[{"from":ID,"to":ID,"type":TYPE},…],"nodes":[{"id":ID,"kind":…,"title":…,"url":…},…],"version":1}
///
/// Written straight into bytes, keys in that fixed order: at 100,000 documents the graph has a
/// million edges, too many to build as a tree of values first.
enum GraphExport {
    static let path = "graph.json"

    static func file(for site: LinkedSite, style: URLStyle) -> RenderedFile {
        let ids = site.pages.map { "\($0.page.kind.folder)/\($0.page.slug)" }
        var output: [UInt8] = []
        output.reserveCapacity(site.edges.count * 96 + site.pages.count * 160)
        output += Array("{\"edges\":[".utf8)
        for (offset, edge) in site.edges.enumerated() {
            if offset > 0 { output.append(UInt8(ascii: ",")) }
            JSONText.appendObject(["from": ids[edge.from], "to": ids[edge.to], "type": edge.type], to: &output)
        }
        output += Array("],\"nodes\":[".utf8)
        for (number, linked) in site.pages.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            JSONText.appendObject(["id": ids[number], "kind": linked.page.kind.name, "title": linked.page.title,
                                   "url": style.href(from: "graph.json", to: linked.outputPath)], to: &output)
        }
        output += Array("],\"version\":1}".utf8)
        return RenderedFile(path: path, content: .bytes(Data(output)))
    }
}
