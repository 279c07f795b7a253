import Foundation

/// The shards of the index written with `IndexJSONWriter`: the bytes `IndexFileEncoder.encode`
/// gives the same values, members in their coding keys' sorted order (`SearchEncodingTests`
/// compares the two on awkward values). A shard's entries are taken as they are laid out (keys
/// and a value for each place) rather than as a dictionary, which would hash every key only for
/// the encoder to sort them again.
extension TermShard {
    static func json(terms keys: [String], entry: (Int) -> TermEntry) -> Data {
        var json = IndexJSONWriter()
        json.openObject()
        json.key("terms")
        json.members(keys) { json, place in entry(place).write(to: &json) }
        json.version()
        json.closeObject()
        return json.data
    }
}

extension TermEntry {
    func write(to json: inout IndexJSONWriter) {
        json.openObject()
        json.key("docs")
        json.verbatim(docs)
        json.key("impacts")
        json.verbatim(impacts)
        if let more {
            json.key("more")
            json.verbatim(more)
        }
        if let moreImpact {
            json.key("moreImpact")
            json.int(moreImpact)
        }
        json.closeObject()
    }
}

extension PairShard {
    /// `pairs[place]`'s documents are written by `documents`, as `DocSetCoder.append` writes them.
    static func json(pairs keys: [String], documents: (Int, inout [UInt8]) -> Void) -> Data {
        var json = IndexJSONWriter(capacity: SearchIndexBuilder.pairShardBytes + 1024)
        json.openObject()
        json.key("pairs")
        json.members(keys) { json, place in json.verbatim { documents(place, &$0) } }
        json.version()
        json.closeObject()
        return json.data
    }
}

extension WordShard {
    static func json(words keys: [String], entry: (Int) -> WordEntry) -> Data {
        var json = IndexJSONWriter()
        json.openObject()
        json.version()
        json.key("words")
        json.members(keys) { json, place in entry(place).write(to: &json) }
        json.closeObject()
        return json.data
    }
}

extension WordEntry {
    /// `["manag",812]`.
    func write(to json: inout IndexJSONWriter) {
        json.openArray()
        json.string(term)
        json.int(documents)
        json.closeArray()
    }
}

extension TypoShard {
    static func json(typos keys: [String], candidates: (Int) -> [TypoCandidate]) -> Data {
        var json = IndexJSONWriter()
        json.openObject()
        json.key("typos")
        json.members(keys) { json, place in
            json.openArray()
            for candidate in candidates(place) { candidate.write(to: &json) }
            json.closeArray()
        }
        json.version()
        json.closeObject()
        return json.data
    }
}

extension FacetShard {
    var json: Data {
        var json = IndexJSONWriter()
        json.openObject()
        json.key("field")
        json.string(field)
        json.key("values")
        json.openArray()
        for value in values {
            json.openObject()
            json.key("count")
            json.int(value.count)
            json.key("docs")
            json.verbatim(value.docs)
            json.key("label")
            json.string(value.label)
            json.key("value")
            json.string(value.value)
            json.closeObject()
        }
        json.closeArray()
        json.version()
        json.closeObject()
        return json.data
    }
}

extension DocShard {
    var json: Data {
        var json = IndexJSONWriter(capacity: 8192)
        json.openObject()
        json.key("docs")
        json.openArray()
        for record in docs { record.write(to: &json) }
        json.closeArray()
        json.key("first")
        json.int(first)
        json.version()
        json.closeObject()
        return json.data
    }
}

extension SearchDocumentRecord {
    func write(to json: inout IndexJSONWriter) {
        json.openObject()
        json.key("date")
        json.string(date)
        json.key("facets")
        let fields = Array(facets.keys)
        json.members(fields) { json, place in json.strings(facets[fields[place]]!) }
        json.key("id")
        json.int(id)
        json.key("kind")
        json.string(kind)
        json.key("lengths")
        json.openArray()
        for length in lengths { json.int(length) }
        json.closeArray()
        json.key("sections")
        json.openArray()
        for section in sections { json.strings(section) }
        json.closeArray()
        json.key("summary")
        json.string(summary)
        json.key("title")
        json.string(title)
        json.key("url")
        json.string(url)
        json.closeObject()
    }
}

extension IndexJSONWriter {
    /// An object of `keys`, in the order `CompactJSONEncoder` sorts them, each key's value written
    /// by `value` from its place in `keys`.
    mutating func members(_ keys: [String], _ value: (inout IndexJSONWriter, Int) -> Void) {
        openObject()
        for place in Self.sortedKeys(keys) {
            key(escaping: keys[place])
            value(&self, place)
        }
        closeObject()
    }

    /// `"version":2`, in every file.
    mutating func version() {
        key("version")
        int(SearchIndexFormat.version)
    }
}
