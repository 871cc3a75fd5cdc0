import Yams

extension Value {
    /// A YAML node as a value, scalars typed by YAML's core schema (`42` → int, `yes` → bool).
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            self = Value(scalar: scalar, tag: Tag.Name(rawValue: node.tag.description))
        case .sequence(let sequence):
            self = .list(sequence.map { Value(yaml: $0) })
        case .mapping(let mapping):
            var fields: [String: Value] = [:]
            for (key, value) in mapping { fields[key.string ?? String(describing: key)] = Value(yaml: value) }
            self = .record(fields)
        }
    }

    private init(scalar: Node.Scalar, tag: Tag.Name) {
        switch tag {
        case .null: self = .null
        case .bool: self = Bool.construct(from: scalar).map(Value.bool) ?? .string(scalar.string)
        case .int: self = Int.construct(from: scalar).map(Value.int) ?? .string(scalar.string)
        case .float: self = Double.construct(from: scalar).map(Value.double) ?? .string(scalar.string)
        default: self = .string(scalar.string)
        }
    }

    /// The value as text spliced into a directive body before YAML parsing: scalars as
    /// their plain text (so `target: {{ params.target }}` reads back as an integer), lists and
    /// records as YAML flow collections.
    package var yamlText: String {
        switch self {
        case .list(let items): return "[" + items.map(\.yamlFlowItem).joined(separator: ", ") + "]"
        case .record(let fields):
            return "{" + fields.keys.sorted().map { "\(Value.string($0).yamlFlowItem): \(fields[$0]!.yamlFlowItem)" }.joined(separator: ", ") + "}"
        case .null: return "null"
        default: return plain
        }
    }

    /// Inside a flow collection strings are double-quoted, so commas and colons stay text.
    var yamlFlowItem: String {
        guard case .string(let s) = self else { return yamlText }
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// What a mistyped option got, for error messages: `string 'abc'`, `a list`.
    var kindDescription: String {
        switch self {
        case .null: return "nothing"
        case .bool(let b): return "boolean \(b)"
        case .int(let i): return "integer \(i)"
        case .double(let d): return "number \(d)"
        case .string(let s): return "string '\(s)'"
        case .list: return "a list"
        case .record: return "a mapping"
        }
    }
}
