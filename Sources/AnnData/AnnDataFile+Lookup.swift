import HDF5Kit

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
    /// Each obs name is hashed from its stored bytes and only hash hits become Strings, so a large
    /// matrix's names are never all decoded.
    public func obsRows(of cells: [String]) throws -> [Int] {
        var slotOf: [String: Int] = [:] // requested name → slot (repeats share one)
        var slots: [Int] = [] // slot → row
        var byHash = NameHashTable(capacity: cells.count)
        var collision = false
        for cell in cells where slotOf[cell] == nil {
            slotOf[cell] = slots.count
            let hash = cell.utf8.withContiguousStorageIfAvailable { Self.fnv1a($0) } ?? Self.fnv1a(Array(cell.utf8))
            if !byHash.insert(hash, value: slots.count) { collision = true }
            slots.append(-1)
        }
        let layout = try annData { try DataFrameLayout(root, "obs") }
        let dataset = try annData { try layout.group.dataset(layout.indexName) }
        var fast = false
        var duplicate: (name: String, first: Int, second: Int)?
        if !collision, dataset.elementType == .string, dataset.shape.count == 1, dataset.isVariableLengthString {
            fast = try annData {
                try dataset.forEachVariableString(rows: 0..<dataset.count) { row, bytes in
                    guard let slot = byHash.value(for: Self.fnv1a(bytes)) else { return }
                    let name = String(decoding: bytes, as: UTF8.self)
                    guard slotOf[name] == slot else { return }
                    if slots[slot] >= 0 { duplicate = (name, slots[slot], row) } else { slots[slot] = row }
                }
            }
        }
        if !fast {
            slots = slots.map { _ in -1 }
            for (row, name) in try obsNames().enumerated() {
                guard let slot = slotOf[name] else { continue }
                if slots[slot] >= 0 { duplicate = duplicate ?? (name, slots[slot], row) } else { slots[slot] = row }
            }
        }
        if let (name, first, second) = duplicate {
            throw AnnDataError.malformed(file: url.path, element: "/obs/\(layout.indexName)",
                                         reason: "obs name '\(name)' occurs twice (rows \(first) and \(second)); a requested cell must name one row")
        }
        return cells.map { slots[slotOf[$0]!] }
    }

    /// 64-bit FNV-1a: a fast, fixed hash of a name's bytes.
    private static func fnv1a(_ bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
