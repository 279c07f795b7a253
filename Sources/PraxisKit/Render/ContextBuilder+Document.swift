extension ContextBuilder {
    /// The context of a document's own page.
    /// `body`: the page's HTML with its links resolved (`LinkedPage.html`, or where it was put aside).
    func document(_ number: Int, body: String) -> TemplateValue {
        let linked = site.pages[number]
        let page = linked.page
        let path = linked.outputPath
        var context = base(path, title: page.title, section: page.kind.folder)
        let headings = page.body.headings.filter { $0.level >= 2 && $0.level <= 3 }
        let facts = config.schema.fields(for: page.kind).compactMap { fact($0, page, from: path) }
        let relations: [TemplateValue] = linked.relations.map { group in
            ["label": .text(group.label), "items": .list(group.targets.map { card($0, from: path) })]
        }
        let toc: [TemplateValue] = headings.map {
            ["text": .text($0.text), "id": .text($0.id), "level": .number($0.level), "nested": .flag($0.level > 2)]
        }
        let backlinks: [TemplateValue] = linked.backlinks.map { backlink in
            // Read in place: a copy of the whole page for three of its values would cost more than the rest.
            let values: [String: TemplateValue] = [
                "title": .text(site.pages[backlink.source].page.title), "url": .text(href(path, site.pages[backlink.source].outputPath)),
                "kind_label": .text(site.pages[backlink.source].page.kind.label),
                "context": .text(backlink.context), "has_context": .flag(!backlink.context.isEmpty),
            ]
            return .object(droppingEmptyTexts: values)
        }
        let doc: [String: TemplateValue] = [
            "title": .text(page.title), "summary": .text(page.summary),
            "kind": .text(page.kind.name), "kind_label": .text(page.kind.label), "kind_plural": .text(page.kind.plural),
            "kind_url": .text(href(path, "\(page.kind.folder)/index.html")),
            "date": .text(page.date.description), "date_readable": .text(page.date.readable),
            "updated": .text(page.updated?.description ?? ""), "updated_readable": .text(page.updated?.readable ?? ""), "has_updated": .flag(page.updated != nil),
            "status": .text(page.status), "is_draft": .flag(page.isDraft), "is_archived": .flag(page.isArchived),
            "body": .text(body),
            "toc": .list(toc),
            "has_toc": .flag(headings.count >= 2),
            "facts": .list(facts), "has_facts": .flag(!facts.isEmpty),
            "relations": .list(relations),
            "has_see_also": .flag(!site.seeAlso(of: number).isEmpty),
            "see_also": .list(site.seeAlso(of: number).map { card($0, from: path) }),
            "has_backlinks": .flag(!linked.backlinks.isEmpty),
            "backlinks": .list(backlinks),
            "fields": .lazy(ConvertedValues(source: page.frontMatter.fields, convert: Self.plain)),
            "extra": .lazy(ConvertedValues(source: page.frontMatter.extra, convert: Self.plain)),
            "source_path": .text(page.path),
        ]
        context["doc"] = .object(droppingEmptyTexts: doc)
        return .object(context)
    }

    /// Fields shown by the document header itself, not in the facts panel.
    private static let headerFields: Set<String> = ["title", "summary", "date", "updated", "status", "slug"]

    /// One entry of the metadata panel: a label and the value in the form that fits its type.
    private func fact(_ field: FieldSpec, _ page: ParsedPage, from path: String) -> TemplateValue? {
        guard !Self.headerFields.contains(field.name), !field.type.isLink, let value = page.frontMatter.fields[field.name] else { return nil }
        var fact: [String: TemplateValue] = ["name": .text(field.name), "label": .text(field.label), "is_table": false]
        switch value {
        case let .string(text), let .number(text):
            fact["items"] = [item(text, field, from: path)]
        case let .list(values):
            fact["items"] = .list(values.map { item($0, field, from: path) })
        case let .date(day):
            fact["items"] = [["text": .text(day.readable), "linked": false]]
        case let .boolean(flag):
            fact["items"] = [["text": .text(flag ? "Yes" : "No"), "linked": false]]
        case let .period(start, end):
            fact["items"] = [["text": .text("\(start) – \(end ?? "ongoing")"), "linked": false]]
        case let .table(rows):
            fact["is_table"] = true
            fact["columns"] = columnLabels[field.name] ?? []
            fact["rows"] = .list(rows.map { ["cells": Self.texts($0)] })
        case .links:
            return nil
        }
        return .object(fact)
    }

    private func item(_ text: String, _ field: FieldSpec, from path: String) -> TemplateValue {
        guard field.isTaxonomy, let number = taxonomyNumbers[field.name],
              let target = site.taxonomies[number].outputPath(forValue: text) else { return ["text": .text(text), "linked": false] }
        return ["text": .text(text), "url": .text(href(path, target)), "linked": true]
    }

    static func texts(_ values: [String]) -> TemplateValue {
        .list(values.map(TemplateValue.text))
    }
}

/// Values a template reaches by name, converted only when it asks: `doc.fields` (every declared
/// field, `{{doc.fields.evidence}}`) and `doc.extra` (what the schema does not declare,
/// `{{doc.extra.licence}}`), which the default theme never shows.
private struct ConvertedValues<Value: Sendable>: TemplateObject {
    let source: [String: Value]
    let convert: @Sendable (Value) -> TemplateValue

    func value(named name: String) -> TemplateValue? { source[name].map(convert) }
    var values: [String: TemplateValue] { source.mapValues(convert) }
}

private extension ContextBuilder {
    static func plain(_ value: FieldValue) -> TemplateValue {
        switch value {
        case let .string(text), let .number(text): .text(text)
        case let .list(values): texts(values)
        case let .date(day): .text(day.description)
        case let .boolean(flag): .flag(flag)
        case let .period(start, end): ["start": .text(start), "end": .text(end ?? "")]
        case let .table(rows): .list(rows.map(texts))
        case let .links(references): texts(references.map(\.path))
        }
    }

    static func plain(_ value: YAMLValue) -> TemplateValue {
        switch value {
        case let .scalar(text): .text(text)
        case let .sequence(items): .list(items.map(plain))
        case let .mapping(pairs): .object(pairs.mapValues(plain))
        }
    }
}
