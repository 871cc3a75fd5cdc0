/// A directive's options after value substitution and validation against its `OptionSpec`s:
/// every declared option with a default is present, and each value has its declared kind.
public struct DirectiveOptions: Sendable {
    public let values: [String: Value]
    /// Line in the document of each option's key, for errors raised while interpreting options.
    public let lines: [String: Int]

    public init(values: [String: Value], lines: [String: Int] = [:]) {
        self.values = values
        self.lines = lines
    }

    public func string(_ name: String) -> String? {
        guard let v = values[name], v != .null else { return nil }
        return v.plain
    }

    public func int(_ name: String) -> Int? {
        if case .int(let i) = values[name] { return i }
        return nil
    }

    public func double(_ name: String) -> Double? {
        switch values[name] {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    public func bool(_ name: String) -> Bool? {
        if case .bool(let b) = values[name] { return b }
        return nil
    }

    public func strings(_ name: String) -> [String]? {
        switch values[name] {
        case .list(let items): return items.map(\.plain)
        case .string(let s): return [s]
        default: return nil
        }
    }
}
