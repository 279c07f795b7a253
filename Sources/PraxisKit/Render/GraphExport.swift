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
        // Each page's id is escaped once, and copied for every edge that names it.
        let ids = site.pages.indices.map { JSONText.encoded(site.pages[$0].page.kind.folder + "/" + site.pages[$0].page.slug) }
        var types: [String: [UInt8]] = [:]
        let (from, to, type, id) = (Array(",{\"from\":".utf8), Array(",\"to\":".utf8), Array(",\"type\":".utf8), Array(",{\"id\":".utf8))
        var output: [UInt8] = []
        output.reserveCapacity(site.edges.count * 96 + site.pages.count * 160)
        output += Array("{\"edges\":[".utf8)
        for (offset, edge) in site.edges.enumerated() {
            output += from.dropFirst(offset > 0 ? 0 : 1)
            output += ids[edge.from]
            output += to
            output += ids[edge.to]
            output += type
            if types[edge.type] == nil { types[edge.type] = JSONText.encoded(edge.type) }
            output += types[edge.type]!
            output.append(UInt8(ascii: "}"))
        }
        output += Array("],\"nodes\":[".utf8)
        for number in site.pages.indices {
            output += id.dropFirst(number > 0 ? 0 : 1)
            output += ids[number]
            output.append(UInt8(ascii: ","))
            JSONText.appendMembers(["kind": site.pages[number].page.kind.name, "title": site.pages[number].page.title,
                                    "url": style.href(from: "graph.json", to: site.pages[number].outputPath)], to: &output)
            output.append(UInt8(ascii: "}"))
        }
        output += Array("],\"version\":1}".utf8)
        return RenderedFile(path: path, content: .bytes(Data(output)))
    }
}
