import Foundation
import HDF5Kit
import TextFormats

extension AnnDataFile {
    /// The var dataframe's content as raw bytes (index name, column order, then the index's and each
    /// column's stored strings): two files with equal keys have equal var dataframes, so a
    /// later matrix with the first one's key need not be decoded. Nil unless the index and every
    /// column are plain variable-length string arrays (then the caller decodes var).
    public func varContentKey() throws -> [UInt8]? {
        try annData {
            let layout = try DataFrameLayout(root, "var")
            var key = Array(([layout.indexName] + layout.columnOrder).joined(separator: "\0").utf8)
            for name in [layout.indexName] + layout.columnOrder {
                guard layout.group.kind(of: name) == .dataset else { return nil }
                let dataset = try layout.group.dataset(name)
                guard ["", "string-array"].contains(Encoding(of: dataset).type), let bytes = try dataset.variableStringBytes() else { return nil }
                key.append(0)
                key += bytes
            }
            return key
        }
    }

    /// For each of `cells`, its row in obs, or -1 when absent. A requested name that obs holds
    /// twice is an error naming both rows: which row is meant cannot be told.
    /// Each obs name is hashed from its stored bytes and compared with the requested name of the
    /// same hash, so a large matrix's names are never decoded.
    public func obsRows(of cells: [String]) throws -> [Int] {
        let layout = try annData { try DataFrameLayout(root, "obs") }
        var duplicate: (name: String, first: Int, second: Int)?
        let rows = try indexPositions(of: cells, in: layout) { name, first, second in duplicate = duplicate ?? (name, first, second) }
        if let (name, first, second) = duplicate {
            throw AnnDataError.malformed(file: url.path, element: "/obs/\(layout.indexName)",
                                         reason: "obs name '\(name)' occurs twice (rows \(first) and \(second)); a requested cell must name one row")
        }
        return rows
    }

    /// For each of `genes`, its column in var (the first, if var repeats it), or -1 when absent.
    public func varColumns(of genes: [String]) throws -> [Int] {
        try indexPositions(of: genes, in: try annData { try DataFrameLayout(root, "var") }) { _, _, _ in }
    }

    /// Each name's position in the dataframe's index (-1: absent; the first when repeated, after
    /// telling `repeated` the name and both positions).
    private func indexPositions(of names: [String], in layout: DataFrameLayout,
                                repeated: (String, Int, Int) -> Void) throws -> [Int] {
        let (wanted, slotOf, byHash) = Self.slots(of: names)
        var positions = [Int](repeating: -1, count: wanted.count)
        let dataset = try annData { try layout.group.dataset(layout.indexName) }
        var fast = false
        if let byHash, dataset.elementType == .string, dataset.shape.count == 1, dataset.isVariableLengthString {
            fast = try annData {
                try dataset.forEachVariableString(rows: 0..<dataset.count) { row, bytes in
                    guard let slot = byHash.value(for: NameHash.of(bytes)), Self.equal(wanted[slot], bytes) else { return }
                    if positions[slot] >= 0 { repeated(wanted[slot], positions[slot], row) } else { positions[slot] = row }
                }
            }
        }
        if !fast {
            positions = positions.map { _ in -1 }
            let slotOfName = Dictionary(uniqueKeysWithValues: zip(wanted, wanted.indices))
            for (row, name) in try annData({ try layout.index() }).enumerated() {
                guard let slot = slotOfName[name] else { continue }
                if positions[slot] >= 0 { repeated(name, positions[slot], row) } else { positions[slot] = row }
            }
        }
        return slotOf.map { positions[$0] }
    }

    /// The distinct names (a slot each), each name's slot, and the slots by name hash (nil when
    /// two names share a hash: then the index's names are decoded and looked up by name).
    private static func slots(of names: [String]) -> (wanted: [String], slotOf: [Int], byHash: NameHashTable?) {
        var byHash = NameHashTable(capacity: names.count)
        var wanted: [String] = [], slotOf: [Int] = []
        slotOf.reserveCapacity(names.count)
        for name in names {
            let hash = NameHash.of(name)
            if let slot = byHash.value(for: hash) {
                guard wanted[slot] == name else {
                    var slotOfName: [String: Int] = [:], wanted: [String] = []
                    let slotOf = names.map { name in
                        if let slot = slotOfName[name] { return slot }
                        slotOfName[name] = wanted.count
                        wanted.append(name)
                        return wanted.count - 1
                    }
                    return (wanted, slotOf, nil)
                }
                slotOf.append(slot)
            } else {
                _ = byHash.insert(hash, value: wanted.count)
                slotOf.append(wanted.count)
                wanted.append(name)
            }
        }
        return (wanted, slotOf, byHash)
    }

    private static func equal(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var name = name
        return name.withUTF8 { $0.count == bytes.count && ($0.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0) }
    }
}

extension AnnDataFile {
    /// Visits obs's names in row order, as stored (not decoded into strings when the index is a
    /// variable-length string array, as anndata writes it), calling `blockEnd` after each run of
    /// `blockRows` rows. obs must name `expected` rows (X's).
    func forEachObsName(expected: Int, blockRows: Int, _ visit: (Int, UnsafeBufferPointer<UInt8>) throws -> Void,
                        blockEnd: () throws -> Void) throws {
        let layout = try annData { try DataFrameLayout(root, "obs") }
        let dataset = try annData { try layout.group.dataset(layout.indexName) }
        guard dataset.shape.count == 1, dataset.count == expected else {
            throw AnnDataError.malformed(file: url.path, element: "/obs/\(layout.indexName)",
                                         reason: "\(dataset.count) names for the \(expected) rows of X")
        }
        var fast = dataset.elementType == .string && dataset.isVariableLengthString
        var decoded: [String]?
        for start in stride(from: 0, to: expected, by: max(1, blockRows)) {
            let rows = start..<min(expected, start + max(1, blockRows))
            var next = rows.lowerBound
            if fast {
                fast = try annData {
                    try dataset.forEachVariableString(rows: rows) { element, name in
                        try visit(rows.lowerBound + element, name)
                        next = rows.lowerBound + element + 1
                    }
                }
            }
            // An index the direct read cannot take is decoded by the library, from where it stopped.
            if next < rows.upperBound {
                if decoded == nil { decoded = try annData { try layout.index() } }
                for row in next..<rows.upperBound { try decoded![row].withUTF8 { try visit(row, $0) } }
            }
            try blockEnd()
        }
    }
}
