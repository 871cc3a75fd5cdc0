import HDF5Kit

/// A pandas categorical: codes into `categories`, −1 meaning missing.
public struct Categorical: Sendable, Equatable {
    public var codes: [Int32]
    public var categories: [String]
    public var ordered: Bool

    public init(codes: [Int32], categories: [String], ordered: Bool = false) {
        self.codes = codes
        self.categories = categories
        self.ordered = ordered
    }

    /// The same values with categories no row uses removed (order kept), as anndata does when subsetting.
    public func removingUnusedCategories() -> Categorical {
        var used = [Bool](repeating: false, count: categories.count)
        for code in codes where code >= 0 { used[Int(code)] = true }
        var newCode = [Int32](repeating: -1, count: categories.count)
        var kept: [String] = []
        for (i, category) in categories.enumerated() where used[i] {
            newCode[i] = Int32(kept.count)
            kept.append(category)
        }
        return Categorical(codes: codes.map { $0 < 0 ? -1 : newCode[Int($0)] }, categories: kept, ordered: ordered)
    }

    public func value(at row: Int) -> String? {
        let code = Int(codes[row])
        return code >= 0 && code < categories.count ? categories[code] : nil
    }
}

/// One obs/var column as read from an h5ad file, typed as AnnData encodes it.
public enum DataFrameColumn: Sendable, Equatable {
    case strings([String])
    case nullableStrings([String?])
    case categorical(Categorical)
    /// Integers widened to Int64; the element type records the stored dtype.
    case integers([Int64], H5ElementType)
    /// Floats widened to Double; the element type records the stored dtype (float32/float64).
    case floats([Double], H5ElementType)
    case bools([Bool])
    case nullableIntegers([Int64?], H5ElementType)
    case nullableBools([Bool?])

    public var count: Int {
        switch self {
        case .strings(let v): v.count
        case .nullableStrings(let v): v.count
        case .categorical(let c): c.codes.count
        case .integers(let v, _): v.count
        case .floats(let v, _): v.count
        case .bools(let v): v.count
        case .nullableIntegers(let v, _): v.count
        case .nullableBools(let v): v.count
        }
    }

    /// A short description of the type, e.g. `categorical (12 categories)` or `float32`.
    public var typeDescription: String {
        switch self {
        case .strings: "string"
        case .nullableStrings: "nullable string"
        case .categorical(let c): "categorical (\(c.categories.count) categories\(c.ordered ? ", ordered" : ""))"
        case .integers(_, let t), .floats(_, let t): t.description
        case .bools: "bool"
        case .nullableIntegers(_, let t): "nullable \(t)"
        case .nullableBools: "nullable bool"
        }
    }

    /// The rows at `rows`, in that order.
    public func subset(_ rows: [Int]) -> DataFrameColumn {
        switch self {
        case .strings(let v): .strings(rows.map { v[$0] })
        case .nullableStrings(let v): .nullableStrings(rows.map { v[$0] })
        case .categorical(let c): .categorical(Categorical(codes: rows.map { c.codes[$0] }, categories: c.categories, ordered: c.ordered))
        case .integers(let v, let t): .integers(rows.map { v[$0] }, t)
        case .floats(let v, let t): .floats(rows.map { v[$0] }, t)
        case .bools(let v): .bools(rows.map { v[$0] })
        case .nullableIntegers(let v, let t): .nullableIntegers(rows.map { v[$0] }, t)
        case .nullableBools(let v): .nullableBools(rows.map { v[$0] })
        }
    }

    /// Row `row` as text for comparisons and display; nil when missing (NaN, masked, code −1).
    public func text(at row: Int) -> String? {
        switch self {
        case .strings(let v): v[row]
        case .nullableStrings(let v): v[row]
        case .categorical(let c): c.value(at: row)
        case .integers(let v, _): String(v[row])
        case .floats(let v, _): v[row].isNaN ? nil : String(v[row])
        case .bools(let v): String(v[row])
        case .nullableIntegers(let v, _): v[row].map { String($0) }
        case .nullableBools(let v): v[row].map { String($0) }
        }
    }
}

/// A dataframe (obs or var): an index and named columns in order.
public struct DataFrame: Sendable {
    /// Name of the index column, e.g. `cell_label` or `gene_identifier`.
    public var indexName: String
    public var index: [String]
    public var columnNames: [String]
    public var columns: [String: DataFrameColumn]

    public init(indexName: String, index: [String], columnNames: [String] = [], columns: [String: DataFrameColumn] = [:]) {
        self.indexName = indexName
        self.index = index
        self.columnNames = columnNames
        self.columns = columns
    }
}
