import AnnData
import Raster
import Tables
import TextFormats
import Weave

/// `{scatter}`: every point of a table's x/y columns (a UMAP) drawn into an antialiased raster,
/// embedded as a PNG, coloured by a category (with the taxonomy's colours) or a number (a colour
/// map), with SVG axes, title and legend; `facet-by` draws one panel per value.
struct Scatter: Directive {
    static let name = "scatter"
    static let summary = "Draws every row of a table as a point (a UMAP), coloured by a category or a number, as an embedded PNG with an SVG legend."
    struct Options: DirectiveOptionSet {
        let table = Option<String>("table", help: "An earlier stage's id, or a CSV file relative to the report.")
        let x = Option("x", default: "x", help: "Numeric column of the horizontal coordinate.")
        let y = Option("y", default: "y", help: "Numeric column of the vertical coordinate.")
        let colorBy = Option<String?>("color-by", help: "Column that colours the points: categories (text) get a legend, numbers a colour map and colour bar.")
        let colors = Option<String?>("colors", help: "Column of hex colours (#RRGGBB), one per row, such as the taxonomy's class_color; a value that is not a colour is an error naming its row.")
        let colormap = Option("colormap", default: "magma_r", help: "Colour map for a numeric color-by: magma, magma_r, viridis, viridis_r, RdBu, RdBu_r, coolwarm, coolwarm_r (matplotlib's tables).")
        let palette = Option("palette", default: "tab20", help: "Colours for categories when no colors column is given: tab10 or tab20, in label order.")
        let vmin = Option<Double?>("vmin", help: "Value at the low end of the colour map (default: the column's minimum).")
        let vmax = Option<Double?>("vmax", help: "Value at the high end of the colour map (default: the column's maximum).")
        let pointSize = Option("point-size", default: 1.0, in: 0.1...50.0, help: "Point diameter in pixels.")
        let alpha = Option("alpha", default: 1.0, in: 0.0...1.0, help: "Opacity of each point.")
        let seed = Option("seed", default: 0, in: 0..., help: "Seed of the shuffled draw order, so no category hides another by row order.")
        let facetBy = Option<String?>("facet-by", help: "Column whose values each get a panel of their own (small multiples), in label order.")
        let columns = Option("columns", default: 3, in: 1...12, help: "Panels per row when faceted.")
        let width = Option("width", default: 560, in: 1...4000, help: "Raster width in pixels (per panel).")
        let height = Option("height", default: 560, in: 1...4000, help: "Raster height in pixels (per panel).")
        let xLimits = Option<[String]?>("x-limits", help: "Two numbers, the x range shown (default: the data's, padded, at one scale on both axes).")
        let yLimits = Option<[String]?>("y-limits", help: "Two numbers, the y range shown.")
        let ticks = Option("ticks", default: true, help: "Draw axis ticks with values (notebook 1 draws none).")
        let legendLimit = Option("legend-limit", default: 40, in: 1..., help: "Most categories listed in the legend; the rest are counted as \"+N more\".")
        let title = Option<String?>("title", help: "Chart title.")
        let xLabel = Option<String?>("x-label", help: "X axis label (default: the x column).")
        let yLabel = Option<String?>("y-label", help: "Y axis label (default: the y column).")
    }
    static let fields = [
        FieldSpec("points", help: "Points drawn."),
        FieldSpec("missing", help: "Rows skipped because x or y is missing (NaN)."),
        FieldSpec("outside", help: "Rows outside the limits."),
        FieldSpec("categories", help: "Distinct values of color-by (0 for a numeric or no color-by)."),
        FieldSpec("panels", help: "Panels drawn (facets, or 1)."),
        FieldSpec("png_bytes", help: "Total size of the embedded PNG images."),
    ]

    let options: OptionValues<Options>
    let colorMap: ColorMap
    let palette: ColorMap
    let limits: (x: ClosedRange<Double>?, y: ClosedRange<Double>?)

    init(options: OptionValues<Options>) throws {
        guard let map = ColorMap.named(options.colormap), map.kind == .continuous else {
            throw options.invalid(\.colormap, "unknown colour map '\(options.colormap)'; expected one of \(ColorMap.continuousNames.joined(separator: ", "))")
        }
        guard let palette = ColorMap.named(options.palette), palette.kind == .categorical else {
            throw options.invalid(\.palette, "unknown palette '\(options.palette)'; expected tab10 or tab20")
        }
        if let low = options.vmin, let high = options.vmax, low >= high {
            throw options.invalid(\.vmax, "vmax (\(high)) must be greater than vmin (\(low))")
        }
        self.options = options
        colorMap = map
        self.palette = palette
        limits = (try Self.range(options.xLimits, options, \.xLimits), try Self.range(options.yLimits, options, \.yLimits))
    }

    /// Two numbers, low < high, as a range.
    private static func range(_ values: [String]?, _ options: OptionValues<Options>,
                              _ key: KeyPath<Options, Option<[String]?>>) throws -> ClosedRange<Double>? {
        guard let values else { return nil }
        let numbers = values.compactMap(Double.init)
        guard numbers.count == 2, values.count == 2, numbers[0] < numbers[1], numbers.allSatisfy(\.isFinite) else {
            throw options.invalid(key, "expected two numbers, low then high, such as [-18, 27]; got \(values.joined(separator: ", "))")
        }
        return numbers[0]...numbers[1]
    }

    func run(in context: StageContext) async throws -> StageResult {
        let table = try await context.table(options.table)
        let xs = try coordinates(table, options.x, \.x), ys = try coordinates(table, options.y, \.y)
        let colors = try pointColors(table)
        let facets = try facetRows(table)
        let frame = fittedFrame(xs: xs, ys: ys)
        var panels: [ScatterChart.Panel] = [], counts = RasterCounts(), pngBytes = 0
        for facet in facets {
            var rng = SplitMix64(seed: UInt64(options.seed))
            let (image, drawn) = PointRasterizer.render(
                xs: xs, ys: ys, colors: colors.rows, palette: colors.palette, rows: facet.rows, frame: frame,
                style: PointStyle(diameter: options.pointSize, alpha: options.alpha), using: &rng)
            let png = try image.png()
            pngBytes += png.count
            counts.drawn += drawn.drawn
            counts.missingCoordinates += drawn.missingCoordinates
            counts.outside += drawn.outside
            panels.append(ScatterChart.Panel(title: facet.title, png: png, width: frame.width, height: frame.height))
        }
        let chart = ScatterChart(
            title: options.title ?? "\(options.y) against \(options.x)" + (options.colorBy.map { ", coloured by \($0)" } ?? ""),
            panels: panels, key: key(colors.legend), x: frame.x, y: frame.y,
            xLabel: options.xLabel ?? options.x, yLabel: options.yLabel ?? options.y, ticks: options.ticks,
            columns: options.columns)
        let html: HTMLText = "<figure class=\"scatter\">\n\(chart.svg)<figcaption>\(caption(counts, panels: panels.count))</figcaption></figure>\n"
        var categories = 0
        if case .categories(let entries) = colors.legend { categories = entries.count }
        return StageResult(
            fields: ["points": .int(counts.drawn), "missing": .int(counts.missingCoordinates), "outside": .int(counts.outside),
                     "categories": .int(categories), "panels": .int(panels.count), "png_bytes": .int(pngBytes)],
            html: html, files: try context.inputRecords([options.table]))
    }

    private func coordinates(_ table: Table, _ name: String, _ key: KeyPath<Options, Option<String>>) throws -> [Double] {
        let column = try table.column(name)
        switch column.storage {
        case .double(let values): return values
        case .int64(let values): return values.map { $0 == Column.missingInt ? .nan : Double($0) }
        case .string: throw options.invalid(key, "column '\(name)' of \(options.table) is not numeric")
        }
    }

    private func pointColors(_ table: Table) throws -> PointColors {
        let hex = try options.colors.map { try table.column($0) }
        guard let by = options.colorBy else {
            guard let hex else { return .uniform(palette[0], count: table.rowCount) }
            let (entries, rows) = try PointColors.hex(hex, option: "colors", table: options.table)
            return PointColors(palette: entries, rows: rows, legend: .none)
        }
        let column = try table.column(by)
        if column.isNumeric {
            guard hex == nil else { throw options.invalid(\.colors, "colors goes with a categorical color-by; '\(by)' is numeric (it takes a colormap)") }
            return PointColors.numeric(column, map: colorMap, low: options.vmin, high: options.vmax)
        }
        return try PointColors.categorical(column, colors: hex, palette: palette, table: options.table)
    }

    /// Each panel's title and rows: one per facet value in label order, or all rows.
    private func facetRows(_ table: Table) throws -> [(title: String?, rows: [Int32]?)] {
        guard let facetBy = options.facetBy else { return [(nil, nil)] }
        let (groups, keys) = try table.column(facetBy).factorized()
        var rows = [[Int32]](repeating: [], count: keys.count)
        for (row, g) in groups.enumerated() { rows[Int(g)].append(Int32(row)) }
        let order = NaturalOrder.naturallySorted(keys)
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })
        return order.map { key in
            let members = rows[index[key]!]
            return ("\(key.isEmpty ? "(empty)" : key) (\(NumberText.count(members.count)))", members)
        }
    }

    private func fittedFrame(xs: [Double], ys: [Double]) -> PlotFrame {
        let (w, h) = (options.width, options.height)
        if let x = limits.x, let y = limits.y { return PlotFrame(x: x, y: y, width: w, height: h) }
        let data = PlotFrame.fitting(xs: xs, ys: ys, width: w, height: h) ?? PlotFrame(x: 0...1, y: 0...1, width: w, height: h)
        return PlotFrame(x: limits.x ?? data.x, y: limits.y ?? data.y, width: w, height: h)
    }

    private func key(_ legend: PointColors.Legend) -> ScatterChart.Key {
        switch legend {
        case .none: return .none
        case .categories(let entries):
            let shown = entries.prefix(options.legendLimit).map { (label: $0.label.isEmpty ? "(empty)" : $0.label, color: $0.color) }
            return .categories(Array(shown), more: entries.count - shown.count)
        case .scale(let map, let low, let high, let label):
            return .colorBar(map, domain: low...max(low, high), title: label)
        }
    }

    private func caption(_ counts: RasterCounts, panels: Int) -> String {
        var parts = ["\(NumberText.count(counts.drawn)) points drawn" + (panels > 1 ? " in \(panels) panels" : "") + "."]
        if counts.missingCoordinates > 0 {
            parts.append("\(NumberText.count(counts.missingCoordinates)) rows without coordinates (NaN) skipped.")
        }
        if counts.outside > 0 { parts.append("\(NumberText.count(counts.outside)) outside the limits.") }
        parts.append("Point size \(NumberText.decimal(options.pointSize)) px, alpha \(NumberText.decimal(options.alpha)), draw order shuffled with seed \(options.seed).")
        return parts.joined(separator: " ")
    }
}
