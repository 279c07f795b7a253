/// The facet files: for the kind and for every taxonomy in the schema, each value's documents, so
/// the search page can filter and count without loading any document.
struct FacetBuilder {
    let site: LinkedSite

    /// Kind first, then taxonomies in schema order.
    func facets() -> [FacetFile] {
        let kinds = site.config.schema.kinds.compactMap { kind -> FacetValue? in
            let ids = site.pages.indices.filter { site.pages[$0].page.kind.name == kind.name }
            guard !ids.isEmpty else { return nil }
            return FacetValue(value: kind.name, label: kind.label, count: ids.count, docs: DocSetCoder.encode(ids))
        }
        let taxonomies = site.taxonomies.map { taxonomy in
            let values = taxonomy.terms.map {
                FacetValue(value: $0.slug, label: $0.text, count: $0.pages.count, docs: DocSetCoder.encode($0.pages.sorted()))
            }
            return FacetFile(field: taxonomy.field.name, label: taxonomy.field.label, values: values)
        }
        return [FacetFile(field: "kind", label: "Kind", values: kinds)] + taxonomies
    }
}
