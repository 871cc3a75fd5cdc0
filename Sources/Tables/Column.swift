/// One column of a `Table`: typed numbers, or dictionary-encoded strings.
///
/// Missing numbers (empty CSV fields) are `Column.missingInt` in integer columns and NaN in
/// decimal columns; a string column keeps an empty field as the empty string.
public struct Column: Sendable {
    public enum Storage: Sendable {
        case int64([Int64])
        case double([Double])
        /// Per-row codes into the dictionary of distinct values.
        case string(codes: [UInt32], dictionary: StringDictionary)
    }

    public static let missingInt = Int64.min

    public let name: String
    public let storage: Storage

    public init(name: String, storage: Storage) {
        self.name = name
        self.storage = storage
    }

    public var count: Int {
        switch storage {
        case .int64(let v): return v.count
        case .double(let v): return v.count
        case .string(let codes, _): return codes.count
        }
    }

    public var isNumeric: Bool {
        if case .string = storage { return false }
        return true
    }

    /// The cell as a CSV field shows it (unquoted): missing numbers are empty.
    public func text(at row: Int) -> String {
        switch storage {
        case .int64(let v): return v[row] == Self.missingInt ? "" : String(v[row])
        case .double(let v): return v[row].isNaN ? "" : Self.format(v[row])
        case .string(let codes, let dictionary): return dictionary[Int(codes[row])]
        }
    }

    /// The cell as a number, nil when missing or not numeric.
    public func number(at row: Int) -> Double? {
        switch storage {
        case .int64(let v): return v[row] == Self.missingInt ? nil : Double(v[row])
        case .double(let v): return v[row].isNaN ? nil : v[row]
        case .string: return nil
        }
    }

    /// Shortest text that reads back as the same double; integral values keep no ".0".
    static func format(_ d: Double) -> String {
        if d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}
