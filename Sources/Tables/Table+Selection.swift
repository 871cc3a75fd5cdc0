extension Column {
    /// The column's values at the given rows; -1 gives a missing value (empty for strings).
    public func gathered(_ rows: [Int]) -> Column {
        switch storage {
        case .int64(let v):
            return Column(name: name, storage: .int64(rows.map { $0 < 0 ? Column.missingInt : v[$0] }))
        case .double(let v):
            return Column(name: name, storage: .double(rows.map { $0 < 0 ? .nan : v[$0] }))
        case .string(let codes, var dictionary):
            // Missing rows get the empty string: its existing code, else a new entry.
            var empty: UInt32 = 0
            if rows.contains(where: { $0 < 0 }) {
                if let existing = (0..<dictionary.count).first(where: { dictionary.range(of: $0).isEmpty }) {
                    empty = UInt32(existing)
                } else {
                    empty = UInt32(dictionary.count)
                    dictionary.ends.append(dictionary.bytes.count)
                }
            }
            return Column(name: name, storage: .string(codes: rows.map { $0 < 0 ? empty : codes[$0] }, dictionary: dictionary))
        }
    }
}

extension Table {
    /// A new table of the given rows (in the given order), every column kept.
    public func rows(_ indices: [Int]) throws(TableError) -> Table {
        if let bad = indices.first(where: { $0 < 0 || $0 >= rowCount }) {
            throw .invalidArgument("\(source): row \(bad) is out of range (0..<\(rowCount))")
        }
        return try Table(columns: columns.map { $0.gathered(indices) }, source: source)
    }
}
