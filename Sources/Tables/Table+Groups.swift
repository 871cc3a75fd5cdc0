extension Column {
    /// Each row's group number (0, 1, … in order of first appearance) and each group's value as
    /// text. Missing values form the group "".
    public func factorized() -> (groups: [Int32], keys: [String]) {
        switch storage {
        case .string(let codes, let dictionary) where dictionary.isInterned:
            var renumber = [Int32](repeating: -1, count: dictionary.count)
            var keys: [String] = []
            let groups = codes.map { code -> Int32 in
                if renumber[Int(code)] < 0 {
                    renumber[Int(code)] = Int32(keys.count)
                    keys.append(dictionary[Int(code)])
                }
                return renumber[Int(code)]
            }
            return (groups, keys)
        case .int64(let v):
            return Self.factorize(v)
        case .double(let v):
            return Self.factorize(v.map(Self.groupKey)) { bits in
                let d = Double(bitPattern: bits)
                return d.isNaN ? "" : Self.format(d)
            }
        case .string:
            return Self.factorize((0..<count).map { text(at: $0) }) { $0 }
        }
    }

    /// A decimal as a group key: every NaN (missing) is one key, and -0 is 0 (they compare
    /// equal and both show as "0", so they are one group).
    static func groupKey(_ d: Double) -> UInt64 {
        d.isNaN ? Double.nan.bitPattern : (d == 0 ? 0 : d.bitPattern)
    }

    private static func factorize(_ values: [Int64]) -> (groups: [Int32], keys: [String]) {
        factorize(values) { $0 == missingInt ? "" : String($0) }
    }

    private static func factorize<K: Hashable>(_ values: [K], text: (K) -> String) -> (groups: [Int32], keys: [String]) {
        var index: [K: Int32] = [:]
        var keys: [String] = []
        let groups = values.map { value -> Int32 in
            if let g = index[value] { return g }
            let g = Int32(keys.count)
            index[value] = g
            keys.append(text(value))
            return g
        }
        return (groups, keys)
    }
}

extension Table {
    /// Rows per distinct value of a column, in order of first appearance.
    public func groupCounts(by name: String) throws(TableError) -> [(key: String, count: Int)] {
        let (groups, keys) = try column(name).factorized()
        var counts = [Int](repeating: 0, count: keys.count)
        for g in groups { counts[Int(g)] += 1 }
        return zip(keys, counts).map { (key: $0, count: $1) }
    }
}

extension Table {
    /// Rows per distinct combination of several columns, in order of first appearance.
    public func groupCounts(by names: [String]) throws(TableError) -> [(keys: [String], count: Int)] {
        if names.count == 1 { return try groupCounts(by: names[0]).map { (keys: [$0.key], count: $0.count) } }
        let factors = try names.map { name throws(TableError) in try column(name).factorized() }
        var index: [[Int32]: Int] = [:]
        var groups: [(codes: [Int32], count: Int)] = []
        for row in 0..<rowCount {
            let key = factors.map { $0.groups[row] }
            if let g = index[key] {
                groups[g].count += 1
            } else {
                index[key] = groups.count
                groups.append((key, 1))
            }
        }
        return groups.map { group in (keys: zip(factors, group.codes).map { $0.keys[Int($1)] }, count: group.count) }
    }
}
