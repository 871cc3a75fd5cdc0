extension Column {
    /// Number of distinct values (missing values count as one, the empty string), as
    /// `factorized().keys.count` gives but without building a `String` or group per row: a
    /// `metadata` stage counts it for every column of a 4-million-row table.
    public var distinctCount: Int {
        switch storage {
        case .int64(let values): return Set(values).count
        case .double(let values): return Set(values.map(Column.groupKey)).count
        case .string(let codes, let dictionary) where dictionary.isInterned:
            // Interned: one code per value, but a row selection may leave codes no row uses.
            var seen = [Bool](repeating: false, count: dictionary.count)
            var count = 0
            for code in codes where !seen[Int(code)] {
                seen[Int(code)] = true
                count += 1
            }
            return count
        case .string(let codes, let dictionary):
            return dictionary.distinctCount(of: codes)
        }
    }
}

extension StringDictionary {
    /// Distinct values among the entries `codes` use, comparing their bytes (equal values may
    /// have different codes when the dictionary is not interned).
    func distinctCount(of codes: [UInt32]) -> Int {
        bytes.withUnsafeBytes { arena in
            // Hash of the bytes → the first code seen with it; values that share a hash with
            // a different first value (rare) are counted in `collided`.
            var first: [Int: UInt32] = [:]
            first.reserveCapacity(codes.count)
            var collided = Set<[UInt8]>()
            var count = 0
            for code in codes {
                let value = UnsafeRawBufferPointer(rebasing: arena[range(of: Int(code))])
                var hasher = Hasher()
                hasher.combine(bytes: value)
                let key = hasher.finalize()
                guard let known = first[key] else {
                    first[key] = code
                    count += 1
                    continue
                }
                if known == code || arena[range(of: Int(known))].elementsEqual(value) { continue }
                if collided.insert(Array(value)).inserted { count += 1 }
            }
            return count
        }
    }
}
