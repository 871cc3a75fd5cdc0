import Foundation

/// A value that flows between directives: a field of a stage's result, a param, or an option.
public enum Value: Sendable, Codable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case record([String: Value])

    /// The value as prose shows it: integers with thousands separators, decimals rounded.
    public var prose: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return NumberText.count(i)
        case .double(let d): return NumberText.decimal(d)
        case .string(let s): return s
        case .list(let items): return items.map(\.prose).joined(separator: ", ")
        case .record(let fields): return fields.keys.sorted().map { "\($0): \(fields[$0]!.prose)" }.joined(separator: ", ")
        }
    }

    /// The value as a directive option sees it after substitution: plain, no separators.
    public var plain: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .list(let items): return items.map(\.plain).joined(separator: ",")
        default: return prose
        }
    }

    /// A field of a record by dotted path (`distinct.cluster_alias`).
    public func lookup(_ path: ArraySlice<String>) -> Value? {
        guard let head = path.first else { return self }
        guard case .record(let fields) = self, let next = fields[head] else { return nil }
        return next.lookup(path.dropFirst())
    }
}
