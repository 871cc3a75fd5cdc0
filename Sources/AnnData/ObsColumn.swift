/// An extra obs column for the concatenated file, aligned to its cells.
public struct ObsColumn: Sendable {
    public enum Values: Sendable {
        /// Text; written as a categorical when values repeat (as anndata writes string columns).
        case strings([String?])
        /// Text as codes into distinct `labels` (-1 missing), written as `strings` would be but
        /// without making a String per row.
        case codedStrings(codes: [Int32], labels: [String])
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
        case .codedStrings(let codes, let labels): ObsAccumulator.stringColumn(codes: codes, labels: labels)
        case .numbers(let v): .floats(v.map { $0 ?? .nan }, .float64)
        case .integers(let v): .integers(v, .int64)
        }
    }

    var count: Int {
        switch values {
        case .strings(let v): v.count
        case .codedStrings(let codes, _): codes.count
        case .numbers(let v): v.count
        case .integers(let v): v.count
        }
    }
}
