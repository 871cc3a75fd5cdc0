import HDF5Kit

/// The obs columns of the concatenated parts, combined as `pd.concat(join='outer')` after
/// anndata's `unify_dtypes`, then encoded as `write_h5ad` would (object strings → categorical).
struct ObsAccumulator {
    private(set) var rows = 0
    private var parts = 0
    private(set) var order: [String] = []
    private var segments: [String: [(start: Int, column: DataFrameColumn)]] = [:]

    /// Adds one part's (already subset) columns for its `count` rows.
    mutating func add(_ frame: DataFrame, count: Int) {
        for name in frame.columnNames {
            guard let column = frame.columns[name] else { continue }
            if segments[name] == nil { order.append(name) }
            segments[name, default: []].append((rows, column))
        }
        rows += count
        parts += 1
    }

    /// The combined columns, in first-seen order.
    func columns() -> [(name: String, column: DataFrameColumn)] {
        order.map { ($0, combine(segments[$0] ?? [])) }
    }

    private func combine(_ parts: [(start: Int, column: DataFrameColumn)]) -> DataFrameColumn {
        let columns = parts.map(\.column)
        let categoricals = columns.compactMap { if case .categorical(let c) = $0 { c } else { nil } }
        guard categoricals.count < columns.count else {
            let categories = Self.unifiedCategories(categoricals)
            var code: [String: Int32] = [:]
            for (i, c) in categories.enumerated() { code[c] = Int32(i) }
            let codes = filled(parts, Int32(-1)) { column in
                guard case .categorical(let c) = column else { return nil }
                let remap = c.categories.map { code[$0]! }
                return c.codes.map { $0 < 0 ? -1 : remap[Int($0)] }
            }
            return .categorical(Categorical(codes: codes ?? [], categories: categories))
        }
        return combineValues(parts)
    }

    /// The categories of categoricals concatenated: anndata's unify_dtypes casts each part to the
    /// union of categories in natsort order, but unordered dtypes with the same set compare equal,
    /// so the cast leaves a part that already has every category alone, and pd.concat takes the
    /// first non-empty part's order.
    static func unifiedCategories(_ categoricals: [Categorical]) -> [String] {
        let union = Set(categoricals.flatMap(\.categories))
        if let first = categoricals.first(where: { !$0.codes.isEmpty }), Set(first.categories) == union { return first.categories }
        return NaturalOrder.naturallySorted(union)
    }

    /// Non-categorical parts: the narrowest of integers, bools, nullable bools or integers,
    /// numbers, else text, as pandas' concat gives.
    private func combineValues(_ parts: [(start: Int, column: DataFrameColumn)]) -> DataFrameColumn {
        // pandas leaves empty parts out of the result dtype, but anndata's unify_dtypes counts a
        // column absent from any part (even an empty one) as missing when it unifies bools.
        let covered = parts.reduce(0) { $0 + $1.column.count } == rows
        let inEveryPart = parts.count == self.parts
        let columns = parts.map(\.column)
        if let ints = filled(parts, Int64(0), { if case .integers(let v, _) = $0 { v } else { nil } }), covered {
            let types = columns.compactMap { if case .integers(_, let t) = $0 { t } else { nil } }
            return .integers(ints, types.dropFirst().reduce(types[0]) { $0.promoted(with: $1) })
        }
        if let bools = filled(parts, false, { if case .bools(let v) = $0 { v } else { nil } }), covered, inEveryPart {
            return .bools(bools)
        }
        if let bools = filled(parts, Bool?.none, { column -> [Bool?]? in
            switch column {
            case .bools(let v): v.map { $0 }
            case .nullableBools(let v): v
            default: nil
            }
        }) {
            return .nullableBools(bools)
        }
        if let ints = filled(parts, Int64?.none, { column -> [Int64?]? in
            switch column {
            case .integers(let v, _): v.map { $0 }
            case .nullableIntegers(let v, _): v
            default: nil
            }
        }), columns.contains(where: { if case .nullableIntegers = $0 { true } else { false } }) {
            return .nullableIntegers(ints, .int64)
        }
        if let numbers = filled(parts, Double.nan, { column -> [Double]? in
            switch column {
            case .integers(let v, _): v.map { Double($0) }
            case .floats(let v, _): v
            default: nil
            }
        }) {
            let allFloat32 = columns.allSatisfy { if case .floats(_, .float32) = $0 { true } else { false } }
            return .floats(numbers, allFloat32 ? .float32 : .float64)
        }
        // Text or a mix of kinds: pandas gives an object column.
        let text = filled(parts, String?.none) { column in (0..<column.count).map { column.text(at: $0) } }
        return Self.stringColumn(text ?? [])
    }

    /// All rows: `fill`, then each part's values (nil when `extract` refuses a part) at its start.
    private func filled<T>(_ parts: [(start: Int, column: DataFrameColumn)], _ fill: T,
                           _ extract: (DataFrameColumn) -> [T]?) -> [T]? {
        var result = [T](repeating: fill, count: rows)
        for (start, column) in parts {
            guard let values = extract(column) else { return nil }
            result.replaceSubrange(start..<(start + values.count), with: values)
        }
        return result
    }

    /// anndata's `strings_to_categoricals`: a string column with repeated (or missing) values
    /// becomes a categorical with sorted categories; otherwise it stays a string array.
    static func stringColumn(_ values: [String?]) -> DataFrameColumn {
        let distinct = Set(values.compactMap { $0 })
        guard distinct.count < values.count else { return .strings(values.map { $0 ?? "" }) }
        let categories = distinct.sorted(by: NaturalOrder.codePointLess)
        var code: [String: Int32] = [:]
        for (i, c) in categories.enumerated() { code[c] = Int32(i) }
        return .categorical(Categorical(codes: values.map { $0.flatMap { code[$0] } ?? -1 }, categories: categories))
    }

    /// `stringColumn` of text coded into distinct `labels` (-1 missing).
    static func stringColumn(codes: [Int32], labels: [String]) -> DataFrameColumn {
        var used = [Bool](repeating: false, count: labels.count)
        var distinct = 0
        for code in codes where code >= 0 && !used[Int(code)] {
            used[Int(code)] = true
            distinct += 1
        }
        guard distinct < codes.count else { return .strings(codes.map { labels[Int($0)] }) }
        let order = labels.indices.filter { used[$0] }.sorted { NaturalOrder.codePointLess(labels[$0], labels[$1]) }
        var remap = [Int32](repeating: -1, count: labels.count)
        for (i, label) in order.enumerated() { remap[label] = Int32(i) }
        return .categorical(Categorical(codes: codes.map { $0 < 0 ? -1 : remap[Int($0)] }, categories: order.map { labels[$0] }))
    }
}
