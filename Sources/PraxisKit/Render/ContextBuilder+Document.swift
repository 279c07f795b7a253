extension ContextBuilder {
    /// The context of a document's own page.
    /// `body`: the page's HTML with its links resolved (`LinkedPage.html`, or where it was put aside).
    func document(_ number: Int, body: String) -> [String: Any] {
        let linked = site.pages[number]
        let page = linked.page
        let path = linked.outputPath
        var context = base(path, title: page.title, section: page.kind.folder)
        let headings = page.body.headings.filter { $0.level >= 2 && $0.level <= 3 }
        let facts = config.schema.fields(for: page.kind).compactMap { fact($0, page, from: path) }
        let relations: [[String: Any]] = linked.relations.map { group in
            ["label": group.label, "items": group.targets.map { card($0, from: path) }]
        }
        context["doc"] = [
            "title": page.title, "summary": page.summary,
            "kind": page.kind.name, "kind_label": page.kind.label, "kind_plural": page.kind.plural,
            "kind_url": href(path, "\(page.kind.folder)/index.html"),
            "date": page.date.description, "date_readable": page.date.readable,
            "updated": page.updated?.description ?? "", "updated_readable": page.updated?.readable ?? "", "has_updated": page.updated != nil,
            "status": page.status, "is_draft": page.isDraft, "is_archived": page.isArchived,
            "body": body,
            "toc": headings.map { ["text": $0.text, "id": $0.id, "level": $0.level, "nested": $0.level > 2] as [String: Any] },
            "has_toc": headings.count >= 2,
            "facts": facts, "has_facts": !facts.isEmpty,
            "relations": relations,
            "has_see_also": !linked.seeAlso.isEmpty,
            "see_also": linked.seeAlso.map { card($0, from: path) },
            "has_backlinks": !linked.backlinks.isEmpty,
            "backlinks": linked.backlinks.map { backlink -> [String: Any] in
                let source = site.pages[backlink.source]
                return ["title": source.page.title, "url": href(path, source.outputPath), "kind_label": source.page.kind.label, "context": backlink.context, "has_context": !backlink.context.isEmpty].droppingEmptyStrings
            },
            "fields": fieldValues(page),
            "extra": page.frontMatter.extra.mapValues(Self.plain),
            "source_path": page.path,
        ].droppingEmptyStrings
        return context
    }

    /// Fields shown by the document header itself, not in the facts panel.
    private static let headerFields: Set<String> = ["title", "summary", "date", "updated", "status", "slug"]

    /// One entry of the metadata panel: a label and the value in the form that fits its type.
    private func fact(_ field: FieldSpec, _ page: ParsedPage, from path: String) -> [String: Any]? {
        guard !Self.headerFields.contains(field.name), !field.type.isLink, let value = page.frontMatter.fields[field.name] else { return nil }
        var fact: [String: Any] = ["name": field.name, "label": field.label, "is_table": false]
        switch value {
        case let .string(text), let .number(text):
            fact["items"] = [item(text, field, from: path)]
        case let .list(values):
            fact["items"] = values.map { item($0, field, from: path) }
        case let .date(day):
            fact["items"] = [["text": day.readable, "linked": false]]
        case let .boolean(flag):
            fact["items"] = [["text": flag ? "Yes" : "No", "linked": false]]
        case let .period(start, end):
            fact["items"] = [["text": "\(start) – \(end ?? "ongoing")", "linked": false]]
        case let .table(rows):
            fact["is_table"] = true
            fact["columns"] = field.columns.map { FieldSpec.defaultLabel(for: $0) }
            fact["rows"] = rows.map { ["cells": $0] }
        case .links:
            return nil
        }
        return fact
    }

    private func item(_ text: String, _ field: FieldSpec, from path: String) -> [String: Any] {
        guard field.isTaxonomy, let taxonomy = taxonomies.first(where: { $0.field.name == field.name }),
              let target = taxonomy.outputPath(forValue: text) else { return ["text": text, "linked": false] }
        return ["text": text, "url": href(path, target), "linked": true]
    }

    /// Every declared field as a plain value, for templates that want one by name (`{{doc.fields.evidence}}`).
    private func fieldValues(_ page: ParsedPage) -> [String: Any] {
        page.frontMatter.fields.mapValues { value -> Any in
            switch value {
            case let .string(text), let .number(text): return text
            case let .list(values): return values
            case let .date(day): return day.description
            case let .boolean(flag): return flag
            case let .period(start, end): return ["start": start, "end": end ?? ""]
            case let .table(rows): return rows
            case let .links(references): return references.map(\.path)
            }
        }
    }

    static func plain(_ value: YAMLValue) -> Any {
        switch value {
        case let .scalar(text): return text
        case let .sequence(items): return items.map(plain)
        case let .mapping(pairs): return pairs.mapValues(plain)
        }
    }
}
