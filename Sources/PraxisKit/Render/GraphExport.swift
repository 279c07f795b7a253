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
        // Each page's id and each type is escaped once, and copied for every edge that names it.
        let ids = site.pages.indices.map { JSONText.encoded(site.pages[$0].page.kind.folder + "/" + site.pages[$0].page.slug) }
        var typeNames: [String] = [], types: [[UInt8]] = []
        let edgeTypes = site.edges.map { edge -> Int in
            if let known = typeNames.firstIndex(of: edge.type) { return known }
            typeNames.append(edge.type)
            types.append(JSONText.encoded(edge.type))
            return types.count - 1
        }
        let (open, from, to, type, close) = (Array("{\"edges\":[".utf8), Array(",{\"from\":".utf8), Array(",\"to\":".utf8), Array(",\"type\":".utf8), Array("],\"nodes\":[".utf8))
        // The edges (a million at 100,000 documents) are copied into bytes counted beforehand,
        // not appended one piece at a time.
        var size = open.count + close.count - (site.edges.isEmpty ? 0 : 1)
        for (edge, kind) in zip(site.edges, edgeTypes) {
            size += from.count + ids[edge.from].count + to.count + ids[edge.to].count + type.count + types[kind].count + 1
        }
        var output = Data(count: size)
        output.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) -> Void in
            var place = 0
            func copy(_ bytes: [UInt8]) {
                bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[place..<place + $0.count]).copyMemory(from: $0) }
                place += bytes.count
            }
            copy(open)
            for (offset, (edge, kind)) in zip(site.edges, edgeTypes).enumerated() {
                if offset > 0 { copy(from) } else { copy(Array(from.dropFirst())) }
                copy(ids[edge.from])
                copy(to)
                copy(ids[edge.to])
                copy(type)
                copy(types[kind])
                buffer[place] = UInt8(ascii: "}")
                place += 1
            }
            copy(close)
        }
        let id = Array(",{\"id\":".utf8)
        var nodes: [UInt8] = []
        nodes.reserveCapacity(site.pages.count * 160)
        for number in site.pages.indices {
            nodes += id.dropFirst(number > 0 ? 0 : 1)
            nodes += ids[number]
            nodes.append(UInt8(ascii: ","))
            JSONText.appendMembers(["kind": site.pages[number].page.kind.name, "title": site.pages[number].page.title,
                                    "url": style.href(from: "graph.json", to: site.pages[number].outputPath)], to: &nodes)
            nodes.append(UInt8(ascii: "}"))
        }
        nodes += Array("],\"version\":1}".utf8)
        output.append(contentsOf: nodes)
        return RenderedFile(path: path, content: .bytes(output))
    }
}
