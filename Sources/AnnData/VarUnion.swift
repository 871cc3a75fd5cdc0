import HDF5Kit

/// The genes of the concatenated matrices, as `anndata.concat(join='outer', merge='same')` makes them.
///
/// pandas' `Index.union` keeps the order when every index equals the first and otherwise sorts
/// the union, so while matrices arrive the union is provisional: first-seen order, new genes appended.
struct VarUnion {
    /// How a matrix's column indices map into the provisional union.
    struct ColumnMap {
        var map: [Int32]
        var identity: Bool
        var increasing: Bool
    }

    private(set) var provisional: [String] = []
    private var position: [String: Int32] = [:]
    private var parts: [DataFrame] = []
    private var allIdentical = true

    mutating func add(_ frame: DataFrame) -> ColumnMap {
        defer { parts.append(frame) }
        let names = frame.index
        if parts.isEmpty {
            provisional = names
            for (i, name) in names.enumerated() where position[name] == nil { position[name] = Int32(i) }
        }
        if names == parts.first?.index ?? names {
            return ColumnMap(map: names.indices.map { Int32($0) }, identity: true, increasing: true)
        }
        allIdentical = false
        var map = [Int32](repeating: 0, count: names.count)
        for (i, name) in names.enumerated() {
            if let p = position[name] {
                map[i] = p
            } else {
                let p = Int32(provisional.count)
                provisional.append(name)
                position[name] = p
                map[i] = p
            }
        }
        let increasing = zip(map.dropLast(), map.dropFirst()).allSatisfy { $0 < $1 }
        return ColumnMap(map: map, identity: false, increasing: increasing)
    }

    /// The final gene order.
    var names: [String] { allIdentical ? provisional : provisional.sorted(by: NaturalOrder.codePointLess) }

    /// Provisional index → final index, or nil when they agree.
    func finalPermutation() -> [Int32]? {
        let final = names
        guard final != provisional else { return nil }
        var finalPosition: [String: Int32] = [:]
        for (i, name) in final.enumerated() { finalPosition[name] = Int32(i) }
        return provisional.map { finalPosition[$0]! }
    }

    /// The var dataframe: the first matrix's index name, and the columns `merge='same'` keeps —
    /// present in every matrix with equal values gene by gene after reindexing to the union.
    func frame() -> DataFrame {
        let final = names
        guard let first = parts.first else { return DataFrame(indexName: "gene_identifier", index: final) }
        var result = DataFrame(indexName: first.indexName, index: final)
        var rowsByPart: [[Int]] = []
        for part in parts {
            var row: [String: Int] = [:]
            for (i, name) in part.index.enumerated() where row[name] == nil { row[name] = i }
            let rows = final.compactMap { row[$0] }
            // A part lacking genes is padded with NaN by reindexing, so its columns differ.
            guard rows.count == final.count, part.index.count == final.count else { return result }
            rowsByPart.append(rows)
        }
        for name in first.columnNames {
            let columns = parts.compactMap { $0.columns[name] }
            guard columns.count == parts.count else { continue }
            let reindexed = zip(columns, rowsByPart).map { $0.subset($1) }
            if reindexed.dropFirst().allSatisfy({ sameValues($0, reindexed[0]) }) {
                result.columnNames.append(name)
                result.columns[name] = reindexed[0]
            }
        }
        return result
    }

    /// `Series.equals`: same dtype (and categories) and the same values, missing where missing.
    private func sameValues(_ a: DataFrameColumn, _ b: DataFrameColumn) -> Bool {
        if case .categorical(let x) = a, case .categorical(let y) = b, x.categories != y.categories { return false }
        guard a.typeDescription == b.typeDescription, a.count == b.count else { return false }
        return (0..<a.count).allSatisfy { a.text(at: $0) == b.text(at: $0) }
    }
}
