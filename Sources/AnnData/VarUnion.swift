import Foundation
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
    /// Provisional index by gene, built once a gene set differs from the first.
    private var position: [String: Int32] = [:]
    /// The first matrix's var, the only one kept: later ones are compared as they arrive.
    private var first: DataFrame?
    /// `AnnDataFile.varContentKey` of the first matrix (nil when it has none).
    private var firstKey: [UInt8]?
    /// Columns of `first` still equal in every matrix seen (merge='same').
    private var sameColumns: [String] = []
    private var allIdentical = true

    /// Adds a matrix whose var content key equals the first matrix's (same genes, same columns:
    /// nothing to compare); nil when it does not (then decode its var and call `add`).
    mutating func addSame(key: [UInt8]?) -> ColumnMap? {
        guard let key, let first, let firstKey, key.count == firstKey.count,
              key.withUnsafeBytes({ a in firstKey.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } })
        else { return nil }
        return ColumnMap(map: first.index.indices.map { Int32($0) }, identity: true, increasing: true)
    }

    mutating func add(_ frame: DataFrame, key: [UInt8]? = nil) -> ColumnMap {
        let names = frame.index
        guard let first else {
            self.first = frame
            firstKey = key
            sameColumns = frame.columnNames
            provisional = names
            return ColumnMap(map: names.indices.map { Int32($0) }, identity: true, increasing: true)
        }
        if names == first.index {
            keepEqualColumns(frame, rows: Array(names.indices))
            return ColumnMap(map: names.indices.map { Int32($0) }, identity: true, increasing: true)
        }
        if allIdentical {
            // The first gene set that differs: from here on genes are placed by name.
            allIdentical = false
            position.reserveCapacity(provisional.count)
            for (i, name) in provisional.enumerated() where position[name] == nil { position[name] = Int32(i) }
        }
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
        // Same genes in another order: compare gene by gene. Different genes: reindexing pads
        // with NaN, so no column stays equal.
        if names.count == first.index.count, provisional.count == first.index.count, Set(map).count == names.count {
            var rowOf = [Int](repeating: 0, count: names.count)
            for (i, p) in map.enumerated() { rowOf[Int(p)] = i }
            keepEqualColumns(frame, rows: rowOf)
        } else {
            sameColumns = []
        }
        let increasing = zip(map.dropLast(), map.dropFirst()).allSatisfy { $0 < $1 }
        return ColumnMap(map: map, identity: false, increasing: increasing)
    }

    /// Drops from `sameColumns` those that differ; `rows[i]` is the row of `frame` for the first var's gene i.
    private mutating func keepEqualColumns(_ frame: DataFrame, rows: [Int]) {
        guard let first else { return }
        sameColumns = sameColumns.filter { name in
            guard let mine = first.columns[name], let theirs = frame.columns[name] else { return false }
            return sameValues(mine, theirs.subset(rows))
        }
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

    /// The var dataframe: the first matrix's index name and the columns `merge='same'` keeps,
    /// reindexed to the final gene order.
    func frame() -> DataFrame {
        let final = names
        guard let first else { return DataFrame(indexName: "gene_identifier", index: final) }
        var result = DataFrame(indexName: first.indexName, index: final)
        guard !sameColumns.isEmpty else { return result }
        guard !allIdentical else {
            for name in sameColumns { result.add(name, first.columns[name]!) }
            return result
        }
        let rows = final.map { Int(position[$0]!) } // here the union is exactly the first var's genes
        for name in sameColumns {
            result.columnNames.append(name)
            result.columns[name] = first.columns[name]?.subset(rows)
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
