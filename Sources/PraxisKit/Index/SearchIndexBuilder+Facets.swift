import Foundation

/// Facet files (README "Search index format", Files): each facet's values, sorted by slug, are
/// packed into shards of about `facetShardBytes`, so a filter on one value (`tags=open-data`) loads
/// the few kilobytes that hold it, not every tag's documents; live counts of a whole facet load
/// its shards together.
extension SearchIndexBuilder {
    static let facetShardBytes = 4_000

    struct FacetShards: Sendable {
        let facet: FacetFile
        /// `facet-2`; shard M is written as `facet-2-M`.
        let file: String
        let shards: [(name: String, encode: @Sendable () -> Data)]
        let boundaries: [String]

        /// The manifest's entry, with the size of the shards' `.js` twins from `encoded`.
        func entry(_ encoded: [String: Data]) -> SearchManifest.Facet {
            let bytes = shards.reduce(0) { $0 + IndexFileEncoder.script($1.name, json: encoded[$1.name]!).count }
            return .init(field: facet.field, label: facet.label, file: file, values: facet.values.count, shards: boundaries, bytes: bytes)
        }
    }

    /// Kind first, then taxonomies in schema order, as `FacetBuilder` gives them.
    func facetShards(_ facets: [FacetFile]) -> [FacetShards] {
        facets.enumerated().map { number, facet in
            let values = facet.values.sorted { ShardPacker.precedes($0.value, $1.value) }
            let sizes = values.map { $0.value.utf8.count + $0.label.utf8.count + $0.docs.utf8.count + 40 }
            let ranges = ShardPacker.files(keys: values.map(\.value), sizes: sizes, target: Self.facetShardBytes)
            let file = "facet-\(number)"
            let shards = ranges.enumerated().map { index, range -> (name: String, encode: @Sendable () -> Data) in
                let shard = FacetShard(field: facet.field, values: Array(values[range]))
                return ("\(file)-\(index)", { shard.json })
            }
            return FacetShards(facet: facet, file: file, shards: shards, boundaries: ShardPacker.boundaries(keys: values.map(\.value), shards: ranges))
        }
    }
}
