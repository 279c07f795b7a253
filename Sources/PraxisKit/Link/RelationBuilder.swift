/// Resolves the typed relations of front matter (`related`, `practices`, `source`, and any a site
/// declares) and gives every target page the inverse ("Applied in", "Lessons learned").
struct RelationBuilder {
    let schema: Schema
    let index: LinkResolver.Index

    /// Fills each page's relation groups; returns the relation edges and the problems found.
    func build(_ pages: inout [LinkedPage]) -> ([GraphEdge], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var edges: [GraphEdge] = []
        var outgoing = [[String: [Int]]](repeating: [:], count: pages.count)
        var incoming = [[String: [Int]]](repeating: [:], count: pages.count)
        for (number, linked) in pages.enumerated() {
            let page = linked.page
            for field in schema.relations {
                guard case let .links(references)? = page.frontMatter.fields[field.name] else { continue }
                for reference in references {
                    guard let target = resolve(reference, field, from: page, &diagnostics), target != number else { continue }
                    outgoing[number][field.label, default: []].append(target)
                    edges.append(GraphEdge(type: field.name, from: number, to: target))
                    if let inverse = field.inverse { incoming[target][inverse, default: []].append(number) }
                }
            }
        }
        let order = schema.relations.flatMap { [$0.label] + [$0.inverse].compactMap { $0 } }
        for number in pages.indices {
            var groups: [RelationGroup] = []
            for label in order where !groups.contains(where: { $0.label == label }) {
                var seen = Set<Int>()
                let ordered = (outgoing[number][label] ?? []) + (incoming[number][label] ?? []).sorted { pages[$0].page.title < pages[$1].page.title }
                let targets = ordered.filter { seen.insert($0).inserted }
                if !targets.isEmpty { groups.append(RelationGroup(label: label, targets: targets)) }
            }
            pages[number].relations = groups
        }
        return (edges, diagnostics)
    }

    private func resolve(_ reference: DocumentReference, _ field: FieldSpec, from page: ParsedPage, _ diagnostics: inout [Diagnostic]) -> Int? {
        let path = reference.path.split(separator: "#", maxSplits: 1).first.map(String.init) ?? reference.path
        guard let target = LinkResolver.Index.resolve(path, from: page.directory) else {
            diagnostics.append(.error("praxis.relation.outside", at: reference.location, "`\(field.name)` entry `\(reference.path)` leads outside the repository"))
            return nil
        }
        guard let number = index.position[target] else {
            if let draft = index.everyPath[target], draft.isDraft {
                diagnostics.append(.warning("praxis.relation.draft", at: reference.location, "`\(field.name)` names `\(reference.path)`, a draft that is not published; it is left out until it is"))
            } else {
                diagnostics.append(.error("praxis.relation.missing-target", at: reference.location, "`\(field.name)` names `\(reference.path)`, which is not a document (no \(target)); check the path relative to this file"))
            }
            return nil
        }
        let targetKind = index.pages[number].kind
        if let expected = field.target, targetKind.name != expected {
            diagnostics.append(.error("praxis.relation.wrong-kind", at: reference.location, "`\(field.name)` must name a \(expected) document, but `\(reference.path)` is a \(targetKind.name)"))
            return nil
        }
        return number
    }
}
