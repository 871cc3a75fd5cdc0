import HDF5Kit

/// An AnnData element's `encoding-type` and `encoding-version` attributes (empty when absent).
struct Encoding: Equatable {
    var type: String
    var version: String

    init(type: String, version: String) {
        self.type = type
        self.version = version
    }

    init(of object: H5Object) {
        type = (try? object.stringAttribute("encoding-type")) ?? ""
        version = (try? object.stringAttribute("encoding-version")) ?? ""
    }

    static let anndata = Encoding(type: "anndata", version: "0.1.0")
    static let dataframe = Encoding(type: "dataframe", version: "0.2.0")
    static let array = Encoding(type: "array", version: "0.2.0")
    static let stringArray = Encoding(type: "string-array", version: "0.2.0")
    static let categorical = Encoding(type: "categorical", version: "0.2.0")
    static let nullableInteger = Encoding(type: "nullable-integer", version: "0.1.0")
    static let nullableBoolean = Encoding(type: "nullable-boolean", version: "0.1.0")
    static let nullableString = Encoding(type: "nullable-string-array", version: "0.1.0")
    static let csr = Encoding(type: "csr_matrix", version: "0.1.0")
    static let csc = Encoding(type: "csc_matrix", version: "0.1.0")
    static let dict = Encoding(type: "dict", version: "0.1.0")
    static let numericScalar = Encoding(type: "numeric-scalar", version: "0.2.0")
    static let string = Encoding(type: "string", version: "0.2.0")

    func write(to object: H5Object) throws {
        try object.setAttribute("encoding-type", string: type)
        try object.setAttribute("encoding-version", string: version)
    }

    func unsupported(_ object: H5Object) -> AnnDataError {
        .unsupportedEncoding(file: object.file.path, element: object.path, encodingType: type, encodingVersion: version)
    }
}

func malformed(_ object: H5Object, _ reason: String) -> AnnDataError {
    .malformed(file: object.file.path, element: object.path, reason: reason)
}

/// Reading the array-like elements that make up dataframe columns.
enum ColumnReader {
    /// Reads a column whole, or only the elements at `rows` (in that order).
    static func read(_ parent: H5Group, _ name: String, rows: [Int]? = nil) throws -> DataFrameColumn {
        switch parent.kind(of: name) {
        case .dataset:
            return try readDataset(try parent.dataset(name), rows: rows)
        case .group:
            return try readGroup(try parent.group(name), rows: rows)
        default:
            throw AnnDataError.malformed(file: parent.file.path, element: parent.path + "/" + name, reason: "column missing")
        }
    }

    /// The column's `DataFrameColumn.typeDescription` from its metadata alone (no values read).
    static func describe(_ parent: H5Group, _ name: String) throws -> String {
        if parent.kind(of: name) == .group {
            let group = try parent.group(name)
            let encoding = Encoding(of: group)
            switch encoding {
            case .categorical:
                let ordered = (try? group.boolAttribute("ordered")) ?? false
                return "categorical (\(try group.dataset("categories").count) categories\(ordered ? ", ordered" : ""))"
            case .nullableInteger: return "nullable \(try group.dataset("values").elementType)"
            case .nullableBoolean: return "nullable bool"
            case .nullableString: return "nullable string"
            default: throw encoding.unsupported(group)
            }
        }
        let dataset = try parent.dataset(name)
        let encoding = Encoding(of: dataset)
        guard ["", "array", "string-array"].contains(encoding.type) else { throw encoding.unsupported(dataset) }
        if dataset.hasAttribute("categories") {
            let ordered = (try? dataset.boolAttribute("ordered")) ?? false
            return "categorical (\(try dataset.referencedDataset(attribute: "categories").count) categories\(ordered ? ", ordered" : ""))"
        }
        return dataset.elementType == .string ? "string" : dataset.elementType.description
    }

    /// `array`/`string-array` datasets, and 0.1.0 dataframe columns (plain datasets, categorical
    /// codes carrying a `categories` reference).
    static func readDataset(_ dataset: H5Dataset, rows: [Int]? = nil) throws -> DataFrameColumn {
        let encoding = Encoding(of: dataset)
        guard ["", "array", "string-array"].contains(encoding.type) else { throw encoding.unsupported(dataset) }
        guard dataset.shape.count == 1 else { throw malformed(dataset, "expected a 1-D array, found shape \(dataset.shape)") }
        if dataset.hasAttribute("categories") {
            let categories = try dataset.referencedDataset(attribute: "categories")
            let ordered = (try? dataset.boolAttribute("ordered")) ?? false
            return try categorical(dataset, codes: try ints(dataset, rows), categories: try categoryLabels(categories), ordered: ordered)
        }
        return try plainArray(dataset, rows: rows)
    }

    static func plainArray(_ dataset: H5Dataset, rows: [Int]? = nil) throws -> DataFrameColumn {
        switch dataset.elementType {
        case .string: return .strings(try rows.map { try dataset.readStrings(at: $0) } ?? dataset.readStrings())
        case .bool: return .bools(try bools(dataset, rows))
        case .float32, .float64: return .floats(try rows.map { try dataset.read(Double.self, at: $0) } ?? dataset.read(Double.self), dataset.elementType)
        case let type where type.isInteger: return .integers(try rows.map { try dataset.read(Int64.self, at: $0) } ?? dataset.read(Int64.self), type)
        default: throw malformed(dataset, "unsupported element type \(dataset.elementType)")
        }
    }

    /// Category labels; numeric categories become their decimal text.
    static func categoryLabels(_ dataset: H5Dataset) throws -> [String] {
        switch try plainArray(dataset) {
        case .strings(let values): return values
        case let other: return (0..<other.count).map { other.text(at: $0) ?? "" }
        }
    }

    /// A categorical column after checking every code is −1 or names a category.
    static func categorical(_ element: H5Object, codes: [Int32], categories: [String], ordered: Bool) throws -> DataFrameColumn {
        if let bad = codes.first(where: { $0 >= categories.count || $0 < -1 }) {
            throw malformed(element, "code \(bad) outside \(categories.count) categories")
        }
        return .categorical(Categorical(codes: codes, categories: categories, ordered: ordered))
    }

    private static func ints(_ dataset: H5Dataset, _ rows: [Int]?) throws -> [Int32] {
        try rows.map { try dataset.read(Int32.self, at: $0) } ?? dataset.read(Int32.self)
    }

    private static func bools(_ dataset: H5Dataset, _ rows: [Int]?) throws -> [Bool] {
        try rows.map { try dataset.readBools(at: $0) } ?? dataset.readBools()
    }

    static func readGroup(_ group: H5Group, rows: [Int]? = nil) throws -> DataFrameColumn {
        let encoding = Encoding(of: group)
        switch encoding {
        case .categorical:
            let codes = try ints(try group.dataset("codes"), rows)
            let categories = try categoryLabels(try group.dataset("categories"))
            let ordered = (try? group.boolAttribute("ordered")) ?? false
            return try categorical(group, codes: codes, categories: categories, ordered: ordered)
        case .nullableInteger:
            let values = try group.dataset("values")
            let mask = try bools(try group.dataset("mask"), rows)
            let ints = try rows.map { try values.read(Int64.self, at: $0) } ?? values.read(Int64.self)
            guard mask.count == ints.count else { throw malformed(group, "mask and values differ in length") }
            return .nullableIntegers(zip(ints, mask).map { $1 ? nil : $0 }, values.elementType)
        case .nullableBoolean:
            let values = try bools(try group.dataset("values"), rows)
            let mask = try bools(try group.dataset("mask"), rows)
            guard mask.count == values.count else { throw malformed(group, "mask and values differ in length") }
            return .nullableBools(zip(values, mask).map { $1 ? nil : $0 })
        case .nullableString:
            let valuesDataset = try group.dataset("values")
            let values = try rows.map { try valuesDataset.readStrings(at: $0) } ?? valuesDataset.readStrings()
            let mask = try bools(try group.dataset("mask"), rows)
            guard mask.count == values.count else { throw malformed(group, "mask and values differ in length") }
            return .nullableStrings(zip(values, mask).map { $1 ? nil : $0 })
        default:
            throw encoding.unsupported(group)
        }
    }
}
