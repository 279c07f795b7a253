/// Resolves the typed relations of front matter (`related`, `practices`, `source`, and any a site
/// declares) and gives every target page the inverse ("Applied in", "Lessons learned").
struct RelationBuilder: Sendable {
    let schema: Schema
    let index: LinkResolver.Index
    /// The schema's relation fields, in schema order.
    let relations: [FieldSpec]

    init(schema: Schema, index: LinkResolver.Index) {
        self.schema = schema
        self.index = index
        relations = schema.relations
    }

    /// One page's relation entries as resolved: the pages they name, the problems found, and the
    /// fields whose entries name a document with errors of its own.
    typealias PageRelations = (targets: [(field: FieldSpec, target: Int)], diagnostics: [Diagnostic], toDocumentsWithErrors: [String])

    /// Fills each page's relation groups; returns the relation edges, the problems found, and the
    /// relations that name a document with errors of its own (they count once it is fixed).
    /// Each page's entries resolve on every core; the inverses are gathered in page order.
    func build(_ pages: inout [LinkedPage]) -> (edges: [GraphEdge], diagnostics: [Diagnostic], toDocumentsWithErrors: [(type: String, from: Int)]) {
        let resolved = resolveRelations(of: pages)
        var diagnostics: [Diagnostic] = []
        var edges: [GraphEdge] = []
        var toDocumentsWithErrors: [(type: String, from: Int)] = []
        var incoming = [[String: [Int]]](repeating: [:], count: pages.count)
        for (number, page) in resolved.enumerated() {
            diagnostics += page.diagnostics
            toDocumentsWithErrors += page.toDocumentsWithErrors.map { ($0, number) }
            for (field, target) in page.targets {
                edges.append(GraphEdge(type: field.name, from: number, to: target))
                if let inverse = field.inverse { incoming[target][inverse, default: []].append(number) }
            }
        }
        let order = relations.flatMap { [$0.label] + [$0.inverse].compactMap { $0 } }
        let titles = pages.indices.map { pages[$0].page.title }, inverses = incoming
        let groups = concurrentMap(pages.count) { number -> [RelationGroup] in
            guard !resolved[number].targets.isEmpty || !inverses[number].isEmpty else { return [] }
            var outgoing: [String: [Int]] = [:]
            for (field, target) in resolved[number].targets { outgoing[field.label, default: []].append(target) }
            var groups: [RelationGroup] = []
            for label in order where !groups.contains(where: { $0.label == label }) {
                var seen = Set<Int>()
                let ordered = (outgoing[label] ?? []) + (inverses[number][label] ?? []).sorted { titles[$0] < titles[$1] }
                let targets = ordered.filter { seen.insert($0).inserted }
                if !targets.isEmpty { groups.append(RelationGroup(label: label, targets: targets)) }
            }
            return groups
        }
        for number in pages.indices { pages[number].relations = groups[number] }
        return (edges, diagnostics, toDocumentsWithErrors)
    }

    /// Checks the relations of a page that is not published (a draft, a document with errors);
    /// returns the published pages it names.
    func check(_ page: ParsedPage) -> (targets: [Int], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var targets: [Int] = []
        let folder = LinkResolver.SourceFolder(page.directory)
        for field in relations {
            guard case let .links(references)? = page.frontMatter.fields[field.name] else { continue }
            targets += references.compactMap { resolve($0, field, from: page, folder, &diagnostics) }
        }
        return (targets, diagnostics)
    }

    /// Every published page's relation entries, on every core. (A function of its own, so that
    /// no second reference to `pages` outlives it: they are then filled in place, not copied.)
    private func resolveRelations(of pages: [LinkedPage]) -> [PageRelations] {
        concurrentMap(pages.count) { resolveRelations(of: pages[$0].page, number: $0) }
    }

    /// One published page's relation entries: the pages they name (itself left out), in entry order.
    private func resolveRelations(of page: ParsedPage, number: Int) -> PageRelations {
        var diagnostics: [Diagnostic] = []
        var targets: [(field: FieldSpec, target: Int)] = []
        var toDocumentsWithErrors: [String] = []
        let folder = LinkResolver.SourceFolder(page.directory)
        for field in relations {
            guard case let .links(references)? = page.frontMatter.fields[field.name] else { continue }
            for reference in references {
                guard let target = resolve(reference, field, from: page, folder, &diagnostics) else {
                    if namesDocumentWithErrors(reference, from: folder) { toDocumentsWithErrors.append(field.name) }
                    continue
                }
                if target != number { targets.append((field, target)) }
            }
        }
        return (targets, diagnostics, toDocumentsWithErrors)
    }

    private func namesDocumentWithErrors(_ reference: DocumentReference, from folder: LinkResolver.SourceFolder) -> Bool {
        guard let target = target(of: reference, from: folder) else { return false }
        return index.position[target] == nil && index.documentPaths.contains(target) && index.document(at: target)?.hasErrors != false
    }

    /// `folder` is `page`'s directory.
    private func resolve(_ reference: DocumentReference, _ field: FieldSpec, from page: ParsedPage, _ folder: LinkResolver.SourceFolder, _ diagnostics: inout [Diagnostic]) -> Int? {
        guard let target = target(of: reference, from: folder) else {
            diagnostics.append(.error("praxis.relation.outside", at: reference.location, "`\(field.name)` entry `\(reference.path)` leads outside the repository"))
            return nil
        }
        guard let number = index.position[target] else {
            if let draft = index.document(at: target), draft.isDraft, !draft.hasErrors {
                guard hasKind(draft.frontMatter.kind.name, for: reference, field, &diagnostics), !page.isDraft else { return nil }
                diagnostics.append(.warning("praxis.relation.draft", at: reference.location, "`\(field.name)` names `\(reference.path)`, a draft that is not published; it is left out until it is"))
            } else if !index.documentPaths.contains(target) {
                // A document with errors of its own exists: its own error says what to fix.
                diagnostics.append(.error("praxis.relation.missing-target", at: reference.location, "`\(field.name)` names `\(reference.path)`, which is not a document (no \(target)); check the path relative to this file"))
            }
            return nil
        }
        return hasKind(index.pages[number].frontMatter.kind.name, for: reference, field, &diagnostics) ? number : nil
    }

    /// The repository path an entry names (its `#anchor` aside), or nil if it leaves the repository.
    private func target(of reference: DocumentReference, from folder: LinkResolver.SourceFolder) -> String? {
        let path = reference.path.utf8.firstIndex(of: UInt8(ascii: "#")).map { String(reference.path[..<$0]) } ?? reference.path
        return folder.resolve(path)
    }

    /// A relation that names a kind (`practices` → practice) accepts no other; `kind` is the target's.
    private func hasKind(_ kind: String, for reference: DocumentReference, _ field: FieldSpec, _ diagnostics: inout [Diagnostic]) -> Bool {
        guard let expected = field.target, kind != expected else { return true }
        diagnostics.append(.error("praxis.relation.wrong-kind", at: reference.location, "`\(field.name)` must name a \(expected) document, but `\(reference.path)` is a \(kind)"))
        return false
    }
}
