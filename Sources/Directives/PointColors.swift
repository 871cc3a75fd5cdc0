import AnnData
import Raster
import Tables
import TextFormats
import Weave

/// How the rows of a chart are coloured: a palette, each row's entry in it, and what the legend
/// shows. Shared by `scatter` (per point) and `bar` (per bar or segment).
struct PointColors {
    enum Legend {
        /// Categories in taxonomy label order, each with its colour and row count.
        case categories([(label: String, color: RGB, rows: Int)])
        /// A numeric column on a colour map from `low` to `high`.
        case scale(map: ColorMap, low: Double, high: Double, label: String)
        case none
    }

    var palette: [RGB]
    var rows: [UInt32]
    var legend: Legend

    /// Every row in one colour.
    static func uniform(_ color: RGB, count: Int) -> PointColors {
        PointColors(palette: [color], rows: [UInt32](repeating: 0, count: count), legend: .none)
    }

    /// The colours of a column of hex strings (`#RRGGBB`), one palette entry per distinct value.
    /// A value that is not a hex colour is an error naming its first row (1-based).
    static func hex(_ column: Column, option: String, table: String) throws -> (palette: [RGB], rows: [UInt32]) {
        let (groups, keys) = column.factorized()
        var palette: [RGB] = []
        palette.reserveCapacity(keys.count)
        for (g, key) in keys.enumerated() {
            guard let color = RGB(hex: key) else {
                let row = (groups.firstIndex(of: Int32(g)) ?? 0) + 1
                throw DirectiveError.invalidOption(
                    name: option,
                    message: "row \(row) of \(table): column '\(column.name)' holds '\(key)', which is not a hex colour (expected #RRGGBB)")
            }
            palette.append(color)
        }
        return (palette, groups.map { UInt32($0) })
    }

    /// Rows coloured by a categorical column: each row in its own colour from `colors` (a hex
    /// column, as the taxonomy's `class_color`), else the category's colour from `palette`
    /// (cycled, in label order). The legend takes each category's colour from its first row.
    static func categorical(_ column: Column, colors: Column?, palette: ColorMap, table: String) throws -> PointColors {
        let (groups, keys) = column.factorized()
        let order = NaturalOrder.naturallySorted(keys)
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
        var counts = [Int](repeating: 0, count: keys.count)
        var firstRow = [Int](repeating: -1, count: keys.count)
        for (row, g) in groups.enumerated() {
            counts[Int(g)] += 1
            if firstRow[Int(g)] < 0 { firstRow[Int(g)] = row }
        }
        let result: PointColors
        if let colors {
            let (entries, rows) = try hex(colors, option: "colors", table: table)
            let legend = keys.indices.map { g in (label: keys[g], color: entries[Int(rows[firstRow[g]])], rows: counts[g]) }
            result = PointColors(palette: entries, rows: rows, legend: .categories(legend))
        } else {
            let entries = keys.indices.map { palette.cycled(rank[keys[$0]]!) }
            let legend = keys.indices.map { g in (label: keys[g], color: entries[g], rows: counts[g]) }
            result = PointColors(palette: entries, rows: groups.map { UInt32($0) }, legend: .categories(legend))
        }
        guard case .categories(let entries) = result.legend else { return result }
        let sorted = entries.sorted { rank[$0.label]! < rank[$1.label]! }
        return PointColors(palette: result.palette, rows: result.rows, legend: .categories(sorted))
    }

    /// Rows coloured by a numeric column on `map`, from `low` to `high` (default: the column's
    /// finite minimum and maximum); missing values are grey.
    static func numeric(_ column: Column, map: ColorMap, low: Double?, high: Double?) -> PointColors {
        let values = (0..<column.count).map { column.number(at: $0) ?? .nan }
        let finite = values.filter(\.isFinite)
        let lo = low ?? finite.min() ?? 0, hi = high ?? finite.max() ?? 1
        let missing = UInt32(map.count)
        let rows = values.map { $0.isFinite ? UInt32(map.index(of: $0, low: lo, high: hi)) : missing }
        let palette = (0..<map.count).map { map[$0] } + [RGB.missing]
        return PointColors(palette: palette, rows: rows, legend: .scale(map: map, low: lo, high: hi, label: column.name))
    }
}
