/// A value in `uns`: the nested dicts of scalars and arrays that atlasweave reads and writes.
public indirect enum UnsValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case strings([String])
    case integers([Int64])
    case numbers([Double])
    case dict([String: UnsValue])

    /// A one-line description for summaries.
    public var summary: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .bool(let b): String(b)
        case .strings(let v): "\(v.count) strings"
        case .integers(let v): "\(v.count) integers"
        case .numbers(let v): "\(v.count) numbers"
        case .dict(let d): "dict (\(d.count) keys)"
        }
    }
}
