import Yams

/// Reads a directive body (YAML, values already substituted) into `DirectiveOptions`,
/// checking names, kinds and required options against the directive's `OptionSpec`s.
struct OptionBinding {
    let directive: any Directive.Type
    /// Line of the opening fence; the body starts on the next line.
    let fenceLine: Int
    let file: String
    /// Text standing for a stage value not known before the run: an option containing it
    /// is not kind-checked.
    var pendingMarker: String?

    /// Every directive accepts `id`; it names the stage for `{{ id.field }}` and `context.result(of:)`.
    static let idOption = OptionSpec("id", .string, help: "Names this stage's result (default: the directive name).")

    var specs: [OptionSpec] { directive.options + [Self.idOption] }

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
                values[name] = try value(of: node, as: spec, at: location)
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
            if let pendingMarker, node.containsText(pendingMarker) { return value }
            throw .mistypedOption(location, directive: directive.name, option: spec.name, expected: spec.kind, got: value.kindDescription)
        }
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
