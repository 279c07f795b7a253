/// Wiki links (`[[slug]]`, `[[folder/slug]]`, `[[slug#heading]]`, `[[slug|label]]`; README
/// "Links and connections"): resolved by slug, through the same checks as Markdown links.
extension ReferenceResolver {
    /// `[[slug]]`, `[[folder/slug]]`, `[[slug#heading]]`: resolved by slug; the title is the default label.
    mutating func wikiURL(for reference: MarkdownDocument.Reference) -> (url: String?, title: String) {
        let at = reference.position
        let (name, fragment) = Self.split(reference.destination)
        // Made only for a diagnostic.
        var written: String { "wiki link `[[\(reference.destination)]]`" }
        guard !name.isEmpty else {
            broken(at, "\(written) names no document; for a heading of this page write `[text](#\(fragment ?? ""))`, or put the document's slug before the `#`")
            return (nil, reference.destination)
        }
        let candidates = (name.contains("/") ? index.byQualifiedSlug[name] : index.bySlug[name]) ?? []
        guard candidates.count == 1, let number = candidates.first else {
            if candidates.count > 1 {
                broken(at, "\(written) is ambiguous: \(candidates.count) documents have the slug `\(name)`; write one of \(unambiguousForms(of: candidates))")
            } else if let unpublished = index.unpublishedBySlug[name] {
                // A draft is a warning; a document with errors of its own is already reported.
                let pages = unpublished.compactMap(index.document(at:))
                if let draft = pages.first(where: { $0.isDraft && !$0.hasErrors }) {
                    draftLink(at, written, draft.path)
                }
            } else {
                let hint = Suggestion.nearest(to: name, in: Array(index.bySlug.keys)).map { "; did you mean `[[\($0)]]`?" } ?? ""
                broken(at, "\(written) names no document (no slug `\(name)`)\(hint)")
            }
            return (nil, reference.destination)
        }
        let url = documentURL(index.pages[number].path, fragment: fragment, reference, at)
        return (url, index.pages[number].title)
    }

    /// One way to write each candidate that names it alone: `[[folder/slug]]` when that is unique,
    /// else the relative Markdown link, which always is.
    func unambiguousForms(of candidates: [Int]) -> String {
        var forms: [String] = []
        for number in candidates {
            let candidate = index.pages[number]
            let qualified = "\(candidate.kind.folder)/\(candidate.slug)"
            let form = index.byQualifiedSlug[qualified]?.count == 1
                ? "[[\(qualified)]]"
                : "[\(candidate.title.contains(where: { "[]".contains($0) }) ? "text" : candidate.title)](\(URLStyle().href(from: page.path, to: candidate.path)))"
            if !forms.contains(form) { forms.append(form) }
        }
        return Suggestion.list(forms)
    }
}
