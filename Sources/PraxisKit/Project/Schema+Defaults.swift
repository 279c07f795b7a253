extension Schema {
    /// The schema every site starts from; `site.yml` may redeclare any kind or field and add new ones.
    /// Written as YAML, in exactly the form a site owner writes under `schema:` (README "Schema").
    public static let defaultsYAML = """
    kinds:
      practice:
        folder: practices
        label: Practice
        plural: Practices
        description: Ways of working that public organisations can adopt, with the evidence for them.
      case-study:
        folder: case-studies
        label: Case study
        plural: Case studies
        description: What an organisation did, why, how, and what changed.
      lesson:
        folder: lessons
        label: Lesson learned
        plural: Lessons learned
        description: What a project taught, from successes and from failures.
    fields:
      title: {type: string, required: true}
      summary: {type: string, required: true, max_length: 300}
      date: {type: date, required: true}
      updated: {type: date}
      tags: {type: list, taxonomy: true}
      sectors: {type: list, taxonomy: true}
      level: {type: string, values: [municipal, provincial, national, international], taxonomy: true}
      regions: {type: list, taxonomy: true}
      organizations: {type: list, label: Organisations}
      authors: {type: list}
      related: {type: links, label: Related, inverse: Related}
      status: {type: string, values: [published, draft, archived]}
      slug: {type: string}
      evidence: {type: string, kinds: [practice], values: [emerging, promising, proven], taxonomy: true, label: Evidence}
      period: {type: period, kinds: [case-study]}
      outcomes: {type: table, kinds: [case-study], columns: [metric, before, after]}
      practices: {type: links, kinds: [case-study], target: practice, label: Practices applied, inverse: Applied in}
      outcome_type: {type: string, kinds: [lesson], values: [success, failure, productive-failure, unproductive-success], taxonomy: true, label: Lesson type}
      source: {type: link, kinds: [lesson], target: case-study, label: Source, inverse: Lessons learned}
    """

    /// Fields with a fixed meaning to Praxis itself; a site may relabel them but not change their type.
    static let builtInFieldTypes: [String: FieldSpec.FieldType] = [
        "title": .string, "summary": .string, "date": .date, "updated": .date, "status": .string, "slug": .string,
    ]

    public static let defaults: Schema = {
        let source = YAMLSource(path: "(built-in schema)", text: defaultsYAML, lineOffset: 0)
        guard case let .success(node?) = source.compose() else { fatalError("the built-in schema is not valid YAML") }
        let (schema, diagnostics) = SchemaReader(source: source).read(node, base: Schema(kinds: [], fields: []))
        precondition(diagnostics.isEmpty, "the built-in schema is invalid: \(diagnostics)")
        return schema
    }()
}
