import AnnData
import Raster
import Tables
import TextFormats
import Weave

/// `{bar}`: horizontal bars of a measure per group (rows, distinct values, or a sum), one panel
/// per measure side by side, in each group's colour, optionally stacked by a second column.
struct Bar: Directive {
    static let name = "bar"
    static let summary = "Draws horizontal bars per group (rows, distinct values or sums), panels side by side, optionally stacked and on a log axis."
    enum Order: String, OptionChoice { case label, value }
    struct Options: DirectiveOptionSet {
        let table = Option<String>("table", help: "An earlier stage's id, or a CSV file relative to the report.")
        let groupBy = Option<String>("group-by", help: "Column whose values each get a bar.")
        let value = Option("value", default: ["rows"], help: "What each bar measures, one panel per item: rows, distinct:COLUMN (distinct values, e.g. clusters) or sum:COLUMN.")
        let panelTitles = Option<[String]?>("panel-titles", help: "A title per panel (default: the measures).")
        let log = Option("log", default: false, help: "Log-scale value axis.")
        let colors = Option<String?>("colors", help: "Column of hex colours: each bar's colour (each segment's when stacked), from its first row.")
        let stackedBy = Option<String?>("stacked-by", help: "Column whose values stack within each bar (neurotransmitter within class).")
        let sort = Option("sort", default: Order.label, help: "Bar order: by label (the taxonomy's order) or by value (largest first, by the first panel).")
        let limit = Option("limit", default: 60, in: 1..., help: "Most bars drawn; the rest are counted below the chart.")
        let title = Option<String?>("title", help: "Chart title.")
    }
    static let fields = [
        FieldSpec("groups", help: "Distinct values of group-by."),
        FieldSpec("bars", help: "Each bar: a record with label and a total per measure (keyed by measure)."),
    ]

    let options: OptionValues<Options>
    let measures: [GroupMeasure]

    init(options: OptionValues<Options>) throws {
        measures = try options.value.map { item in
            guard let measure = GroupMeasure(item) else { throw options.invalid(\.value, "'\(item)' is not a measure; \(GroupMeasure.expected)") }
            return measure
        }
        guard !measures.isEmpty else { throw options.invalid(\.value, "give at least one measure") }
        if let titles = options.panelTitles, titles.count != measures.count {
            throw options.invalid(\.panelTitles, "\(titles.count) titles for \(measures.count) measures")
        }
        self.options = options
    }

    /// Rows grouped into cells, one per (group, stack) pair: cell = group × stacks + stack.
    struct Cells {
        let groups: [Int32]
        let groupKeys: [String]
        let stacks: [Int32]?
        let stackKeys: [String]
        var count: Int { groupKeys.count * stackKeys.count }

        func cell(_ row: Int) -> Int { Int(groups[row]) * stackKeys.count + Int(stacks?[row] ?? 0) }
    }

    func run(in context: StageContext) async throws -> StageResult {
        let table = try await context.table(options.table)
        let (groups, groupKeys) = try table.column(options.groupBy).factorized()
        let stack = try options.stackedBy.map { try table.column($0).factorized() }
        let cells = Cells(groups: groups, groupKeys: groupKeys, stacks: stack?.groups, stackKeys: stack?.keys ?? [""])
        let colors = try cellColors(table, cells: cells)
        let totals = try measures.map { try $0.totals(table, groups: cells.count, group: cells.cell) }
        let order = barOrder(cells: cells, first: totals[0])
        let shown = Array(order.prefix(options.limit))
        let stackOrder = NaturalOrder.naturallySorted(cells.stackKeys).map { cells.stackKeys.firstIndex(of: $0)! }
        let panels = measures.indices.map { m in
            BarChart.Panel(title: options.panelTitles?[m] ?? measures[m].title, bars: shown.map { g in
                BarChart.Bar(label: Self.shown(groupKeys[g]), segments: stackOrder.map { s in
                    let c = g * cells.stackKeys.count + s
                    return BarChart.Segment(label: cells.stackKeys[s], value: totals[m][c], color: colors[c])
                })
            })
        }
        let chart = BarChart(title: options.title ?? "\(measures.map(\.title).joined(separator: " and ")) per \(options.groupBy)",
                             panels: panels, log: options.log, key: legend(cells: cells, order: stackOrder, colors: colors, totals: totals[0]))
        let more = order.count - shown.count
        let note = "\(NumberText.count(groupKeys.count)) groups of \(NumberText.count(table.rowCount)) rows"
            + (more > 0 ? "; \(NumberText.count(more)) more not drawn." : ".")
        let html: HTMLText = "<figure class=\"bars\">\n\(chart.svg)<figcaption>\(note)</figcaption></figure>\n"
        return StageResult(fields: ["groups": .int(groupKeys.count), "bars": .list(records(order, cells: cells, totals: totals))],
                           html: html, files: try context.inputRecords([options.table]))
    }

    private static func shown(_ label: String) -> String { label.isEmpty ? "(empty)" : label }

    /// A stacked chart's legend: each stack value with the colour of its first non-empty cell.
    private func legend(cells: Cells, order: [Int], colors: [RGB], totals: [Double]) -> [(label: String, color: RGB)] {
        guard options.stackedBy != nil else { return [] }
        let stacks = cells.stackKeys.count
        return order.map { s in
            let group = (0..<cells.groupKeys.count).first { totals[$0 * stacks + s] > 0 } ?? 0
            return (label: Self.shown(cells.stackKeys[s]), color: colors[group * stacks + s])
        }
    }

    /// The `bars` field: per group, its label and each measure's total.
    private func records(_ order: [Int], cells: Cells, totals: [[Double]]) -> [Value] {
        let stacks = cells.stackKeys.count
        return order.map { g in
            var record: [String: Value] = ["label": .string(cells.groupKeys[g])]
            for (m, measure) in measures.enumerated() {
                record[measure.title] = .double(totals[m][(g * stacks)..<((g + 1) * stacks)].reduce(0, +))
            }
            return .record(record)
        }
    }

    /// Each cell's colour: the colors column at the cell's first row, else one colour
    /// (unstacked) or the tab20 palette in stack label order.
    private func cellColors(_ table: Table, cells: Cells) throws -> [RGB] {
        guard let name = options.colors else {
            guard options.stackedBy != nil else { return [RGB](repeating: RGB(packed: 0x4a7fb5), count: cells.count) }
            let tab20 = ColorMap.named("tab20")!
            let order = NaturalOrder.naturallySorted(cells.stackKeys)
            let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
            return (0..<cells.count).map { tab20.cycled(rank[cells.stackKeys[$0 % cells.stackKeys.count]]!) }
        }
        let (palette, rows) = try PointColors.hex(try table.column(name), option: "colors", table: options.table)
        var colors = [RGB?](repeating: nil, count: cells.count)
        for row in rows.indices where colors[cells.cell(row)] == nil {
            colors[cells.cell(row)] = palette[Int(rows[row])]
        }
        // A cell without rows draws nothing; the tutorial's colour for a missing term.
        return colors.map { $0 ?? RGB(packed: 0xf9f9f9) }
    }

    /// Group indices in drawing order: label order, or the largest first measure first.
    private func barOrder(cells: Cells, first: [Double]) -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: cells.groupKeys.enumerated().map { ($0.element, $0.offset) })
        let byLabel = NaturalOrder.naturallySorted(cells.groupKeys).map { index[$0]! }
        guard options.sort == .value else { return byLabel }
        let stacks = cells.stackKeys.count
        let total = byLabel.map { g in first[(g * stacks)..<((g + 1) * stacks)].reduce(0, +) }
        return byLabel.indices.sorted { total[$0] != total[$1] ? total[$0] > total[$1] : $0 < $1 }.map { byLabel[$0] }
    }
}
