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
        let (open, from, to, type, middle, close) = (Array("{\"edges\":[".utf8), Array(",{\"from\":".utf8), Array(",\"to\":".utf8),
                                                     Array(",\"type\":".utf8), Array("],\"nodes\":[".utf8), Array("],\"version\":1}".utf8))
        // The edges (a million at 100,000 documents, 200 MB of JSON) are copied into one buffer
        // of the exact size, counted beforehand: never grown, copied or filled with zeros first,
        // as all of it is fresh memory, which costs most on a virtual machine.
        var size = open.count + middle.count + nodes.count + close.count - (site.edges.isEmpty ? 0 : 1)
        for (edge, kind) in zip(site.edges, edgeTypes) {
            size += from.count + ids[edge.from].count + to.count + ids[edge.to].count + type.count + types[kind].count + 1
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
        var place = 0
        func copy(_ bytes: some Collection<UInt8>) {
            let copied = UnsafeMutableRawBufferPointer(rebasing: buffer[place...]).initializeMemory(as: UInt8.self, from: bytes)
            place += copied.initialized.count
        }
        copy(open)
        for (offset, (edge, kind)) in zip(site.edges, edgeTypes).enumerated() {
            copy(from.dropFirst(offset > 0 ? 0 : 1))
            copy(ids[edge.from])
            copy(to)
            copy(ids[edge.to])
            copy(type)
            copy(types[kind])
            buffer[place] = UInt8(ascii: "}")
            place += 1
        }
        copy(middle)
        copy(nodes)
        copy(close)
        precondition(place == size, "graph.json was counted at \(size) bytes and filled with \(place)")
        return RenderedFile(path: path, content: .bytes(Data(bytesNoCopy: buffer.baseAddress!, count: size, deallocator: .custom { pointer, _ in pointer.deallocate() })))
    }
}
