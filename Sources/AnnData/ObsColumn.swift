/// An extra obs column for the concatenated file, aligned to its cells.
public struct ObsColumn: Sendable {
    public enum Values: Sendable {
        /// Text; written as a categorical when values repeat (as anndata writes string columns).
        case strings([String?])
        /// Floating-point numbers (float64); nil is NaN.
        case numbers([Double?])
        case integers([Int64])
    }

    public var name: String
    public var values: Values

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    var column: DataFrameColumn {
        switch values {
        case .strings(let v): ObsAccumulator.stringColumn(v)
        case .numbers(let v): .floats(v.map { $0 ?? .nan }, .float64)
        case .integers(let v): .integers(v, .int64)
        }
    }

    var count: Int {
        switch values {
        case .strings(let v): v.count
        case .numbers(let v): v.count
        case .integers(let v): v.count
        }
    }
}
