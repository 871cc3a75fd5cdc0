import TextFormats

/// The names `{{ … }}` can use at a point of the document: the params, and the stages
/// declared so far with their fields; once stages have run, their results.
final class ValueScope {
    private let params: [String: Value]
    private var declared: [(id: String, directive: any Directive.Type)] = []
    private var results: [String: StageResult] = [:]

    init(params: [String: Value]) {
        self.params = params
    }

    func declare(id: String, directive: any Directive.Type) {
        declared.append((id, directive))
    }

    func record(id: String, result: StageResult) {
        results[id] = result
    }

    /// Checks a reference against the params and the declared stages' field names (a
    /// record field's inner keys are only known after the run).
    func check(_ reference: ValueReference, at location: SourceLocation) throws(ReportError) {
        let known = knownNames
        let fieldName = reference.path.first ?? ""
        let found: Bool
        if reference.head == "params" {
            found = params[fieldName] != nil && reference.path.count == 1
        } else if let stage = declared.last(where: { $0.id == reference.head }) {
            found = stage.directive.fields.contains { $0.name == fieldName }
        } else {
            found = false
        }
        guard found else {
            let twoSegments = ([reference.head] + reference.path.prefix(1)).joined(separator: ".")
            throw .unknownValue(location, name: reference.name, suggestion: Suggestion.didYouMean(twoSegments, among: known), known: known)
        }
    }

    /// The value of a checked reference once its stage has run; nil if the stage did not
    /// run or a record has no such inner key.
    func value(of reference: ValueReference) -> Value? {
        if reference.head == "params" { return params[reference.path.first ?? ""] }
        guard let result = results[reference.head], let field = reference.path.first, let value = result.fields[field] else { return nil }
        return value.lookup(reference.path.dropFirst())
    }

    /// A directive body with its references replaced by YAML text. Before the run
    /// (`pendingMarker` set) stage values are checked by name and stand in as the marker.
    func substitute(_ body: String, _ references: [ValueReference], file: String, firstLine: Int,
                    pendingMarker: String? = nil) throws(ReportError) -> String {
        var replacements: [String] = []
        for reference in references {
            let location = SourceLocation(file: file, line: firstLine + reference.lineOffset)
            if let pendingMarker {
                try check(reference, at: location)
                replacements.append(reference.head == "params" ? value(of: reference)?.yamlText ?? "" : pendingMarker)
            } else if let value = value(of: reference) {
                replacements.append(value.yamlText)
            } else {
                throw .unknownValue(location, name: reference.name, suggestion: nil, known: runtimeNames(for: reference))
            }
        }
        var iterator = replacements.makeIterator()
        return ValueReference.substitute(body, references) { _ in iterator.next() ?? "" }
    }

    /// Fully qualified names usable now: `params.NAME` and `ID.FIELD` of declared stages.
    var knownNames: [String] {
        params.keys.sorted().map { "params.\($0)" } + declared.flatMap { stage in stage.directive.fields.map { "\(stage.id).\($0.name)" } }
    }

    /// The inner keys a record field actually has, for an error after the run.
    func runtimeNames(for reference: ValueReference) -> [String] {
        guard let result = results[reference.head] else { return [] }
        var prefix = [reference.head]
        var value = Value.record(result.fields)
        for key in reference.path {
            guard case .record(let fields) = value, let next = fields[key] else {
                if case .record(let fields) = value { return fields.keys.sorted().map { (prefix + [$0]).joined(separator: ".") } }
                return []
            }
            prefix.append(key)
            value = next
        }
        return []
    }
}
