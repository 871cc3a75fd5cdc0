import HDF5Kit

/// A dataframe group (`dataframe` 0.2.0 or 0.1.0): its index key and column order.
struct DataFrameLayout {
    let group: H5Group
    let indexName: String
    let columnOrder: [String]

    init(_ parent: H5Group, _ name: String) throws {
        guard parent.kind(of: name) == .group else {
            throw AnnDataError.malformed(file: parent.file.path, element: "/" + name, reason: "missing dataframe (required by AnnData)")
        }
        group = try parent.group(name)
        let encoding = Encoding(of: group)
        guard encoding.type == "dataframe", ["0.2.0", "0.1.0"].contains(encoding.version) else { throw encoding.unsupported(group) }
        guard group.hasAttribute("_index") else { throw malformed(group, "no _index attribute") }
        indexName = try group.stringAttribute("_index")
        columnOrder = group.hasAttribute("column-order") ? try group.stringArrayAttribute("column-order") : []
    }

    func rowCount() throws -> Int {
        let index = try group.dataset(indexName)
        guard index.shape.count == 1 else { throw malformed(index, "index is not 1-D") }
        return index.shape[0]
    }

    func index() throws -> [String] {
        let dataset = try group.dataset(indexName)
        switch try ColumnReader.readDataset(dataset) {
        case .strings(let names): return names
        case let other: return (0..<other.count).map { other.text(at: $0) ?? "" }
        }
    }

    /// Column `name`, whole or at `rows` (in that order).
    func column(_ name: String, rows: [Int]? = nil) throws -> DataFrameColumn {
        guard columnOrder.contains(name) else { throw malformed(group, "no column '\(name)'") }
        let column = try ColumnReader.read(group, name, rows: rows)
        let expected = try rows?.count ?? rowCount()
        guard column.count == expected else { throw malformed(group, "column '\(name)' has \(column.count) values for \(expected) rows") }
        return column
    }

    /// Column names with their types, read from metadata only.
    func describeColumns() throws -> [AnnDataSummary.Column] {
        try columnOrder.map { AnnDataSummary.Column(name: $0, type: try ColumnReader.describe(group, $0)) }
    }

    func read() throws -> DataFrame {
        var columns: [String: DataFrameColumn] = [:]
        for name in columnOrder { columns[name] = try column(name) }
        return DataFrame(indexName: indexName, index: try index(), columnNames: columnOrder, columns: columns)
    }
}
