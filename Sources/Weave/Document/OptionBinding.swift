import TextFormats
import Yams

/// Reads a directive body (YAML, values already substituted) into `DirectiveOptions`,
/// checking names, kinds, allowed values and required options against the directive's
/// declarations and the options common to every directive.
package struct OptionBinding {
    let directive: any Directive.Type
    /// Line of the opening fence; the body starts on the next line.
    let fenceLine: Int
    let file: String
    /// Text standing for a stage value not known before the run: an option containing it
    /// is not checked.
    var pendingMarker: String?

    /// Options every directive takes, after its own. `id` names the stage for `{{ id.field }}`
    /// and `context.result(of:)`.
    package static let commonOptions: [OptionSpec] = [
        Option<String?>("id", help: "Names this stage's result (default: the directive name).").spec,
        Option<String?>("caption", help: "A caption under the stage's output; a chart becomes \"Figure N\", a table \"Table N\", and prose @ID links to it.").spec,
    ]

    var specs: [OptionSpec] { directive.options + Self.commonOptions }

    func bind(_ body: String) throws(ReportError) -> DirectiveOptions {
        let yaml = YAMLText(text: body, firstLine: fenceLine + 1, file: file)
        var values: [String: Value] = [:]
        var lines: [String: Int] = [:]
        if let root = try yaml.compose() {
            guard case .mapping(let mapping) = root else {
                throw .invalidOption(yaml.location(of: root), directive: directive.name,
                                     message: "expected a YAML mapping of options (name: value), got \(Value(yaml: root).kindDescription)")
            }
            for (key, node) in mapping {
                let name = key.string ?? ""
                let location = yaml.location(of: key)
                guard let spec = specs.first(where: { $0.name == name }) else {
                    throw .unknownOption(location, directive: directive.name, option: name, valid: specs.map(\.name))
                }
                if let pendingMarker, node.containsText(pendingMarker) {
                    values[name] = Value(yaml: node)
                } else {
                    values[name] = try check(value(of: node, as: spec, at: location), as: spec, at: location)
                }
                lines[name] = location.line
            }
        }
        for spec in specs where values[spec.name] == nil {
            if let value = spec.defaultValue {
                values[spec.name] = value
            } else if spec.required {
                throw .missingOption(SourceLocation(file: file, line: fenceLine), directive: directive.name, option: spec.name)
            }
        }
        return DirectiveOptions(values: values, lines: lines)
    }

    /// The option's value in its declared kind. Any scalar is accepted as a string (YAML
    /// would read `manifest: 20251031` as a number); a single string as a one-item list.
    private func value(of node: Node, as spec: OptionSpec, at location: SourceLocation) throws(ReportError) -> Value {
        let value = Value(yaml: node)
        switch (spec.kind, value) {
        case (.string, .bool), (.string, .int), (.string, .double), (.string, .string):
            return .string(node.string ?? value.plain)
        case (.integer, .int), (.number, .int), (.number, .double), (.boolean, .bool):
            return value
        case (.stringList, .string), (.stringList, .int), (.stringList, .double):
            return .list([.string(node.string ?? value.plain)])
        case (.stringList, .list(let items)) where items.allSatisfy(\.isScalar):
            return .list(node.array().map { .string($0.string ?? "") })
        default:
            throw .mistypedOption(location, directive: directive.name, option: spec.name, expected: spec.kind, got: value.kindDescription)
        }
    }

    /// The value when it is one of the declared choices and within the declared range.
    private func check(_ value: Value, as spec: OptionSpec, at location: SourceLocation) throws(ReportError) -> Value {
        if let choices = spec.choices, case .string(let word) = value, !choices.contains(word) {
            throw .disallowedOption(location, directive: directive.name, option: spec.name,
                                    allowed: spec.allowedDescription ?? "", got: "'\(word)'",
                                    hint: Suggestion.hint(word, among: choices))
        }
        if let allowed = spec.allowed, !allowed.contains(value) {
            throw .disallowedOption(location, directive: directive.name, option: spec.name,
                                    allowed: allowed.description, got: value.plain, hint: "")
        }
        return value
    }
}

private extension Value {
    var isScalar: Bool {
        switch self {
        case .list, .record, .null: return false
        default: return true
        }
    }
}

private extension Node {
    func containsText(_ text: String) -> Bool {
        switch self {
        case .scalar(let scalar): return scalar.string.contains(text)
        case .sequence(let sequence): return sequence.contains { $0.containsText(text) }
        case .mapping(let mapping): return mapping.contains { $0.value.containsText(text) }
        }
    }
}
