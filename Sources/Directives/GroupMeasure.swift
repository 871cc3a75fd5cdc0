import Tables

/// What a chart measures per group of rows: the rows, the distinct values of a column (e.g.
/// clusters), or a column's sum. Shared by `bar` (per bar) and `sunburst` (per arc).
enum GroupMeasure {
    case rows
    case distinct(String)
    case sum(String)

    /// `rows`, `distinct:COLUMN` or `sum:COLUMN`; nil for anything else.
    init?(_ text: String) {
        if text == "rows" { self = .rows; return }
        if text.hasPrefix("distinct:"), text.count > 9 { self = .distinct(String(text.dropFirst(9))); return }
        if text.hasPrefix("sum:"), text.count > 4 { self = .sum(String(text.dropFirst(4))); return }
        return nil
    }

    static let expected = "expected rows, distinct:COLUMN or sum:COLUMN"

    var title: String {
        switch self {
        case .rows: return "rows"
        case .distinct(let c): return "distinct \(c)"
        case .sum(let c): return "sum of \(c)"
        }
    }

    /// The measure per group, where `group(row)` is each row's group index in `0..<groups`.
    func totals(_ table: Table, groups: Int, group: (Int) -> Int) throws -> [Double] {
        var totals = [Double](repeating: 0, count: groups)
        switch self {
        case .rows:
            for row in 0..<table.rowCount { totals[group(row)] += 1 }
        case .sum(let name):
            let column = try table.column(name)
            for row in 0..<table.rowCount { totals[group(row)] += column.number(at: row) ?? 0 }
        case .distinct(let name):
            let (values, keys) = try table.column(name).factorized()
            var seen = Set<Int>()
            for row in 0..<table.rowCount where seen.insert(group(row) * keys.count + Int(values[row])).inserted {
                totals[group(row)] += 1
            }
        }
        return totals
    }
}
