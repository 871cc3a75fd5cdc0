import AnnData
import Raster
import Tables
import TextFormats
import Weave

/// `{sunburst}`: nested rings of a hierarchy of columns (class → subclass → supertype), each
/// term's arc sized by a measure (clusters, cells) and drawn in the term's colour.
struct Sunburst: Directive {
    static let name = "sunburst"
    static let summary = "Draws nested rings of a column hierarchy (class → subclass → supertype), arcs sized by rows, distinct values or sums, in each term's colour."
    struct Options: DirectiveOptionSet {
        let table = Option<String>("table", help: "An earlier stage's id, or a CSV file relative to the report.")
        let levels = Option<[String]>("levels", help: "The hierarchy's columns, innermost ring first (class, subclass, supertype).")
        let value = Option("value", default: "rows", help: "What an arc measures: rows, distinct:COLUMN (e.g. distinct:cluster_alias for clusters) or sum:COLUMN.")
        let colors = Option<[String]?>("colors", help: "A column of hex colours per level (class_color, subclass_color, …); default: the tab20 palette, outer rings lighter.")
        let size = Option("size", default: 480, in: 160...1600, help: "Diameter of the rings in pixels.")
        let legendLimit = Option("legend-limit", default: 40, in: 1..., help: "Innermost terms listed in the legend; the rest are counted as \"+N more\".")
        let unit = Option<String?>("unit", help: "What a value counts, after each value in the tooltips (\"clusters\"); default: the measure.")
        let title = Option<String?>("title", help: "Chart title.")
    }
    static let fields = [
        FieldSpec("terms", help: "The number of terms on each ring, innermost first."),
        FieldSpec("total", help: "The measure over all rows (the whole circle)."),
    ]

    let options: OptionValues<Options>
    let measure: GroupMeasure

    init(options: OptionValues<Options>) throws {
        guard let measure = GroupMeasure(options.value) else {
            throw options.invalid(\.value, "'\(options.value)' is not a measure; \(GroupMeasure.expected)")
        }
        guard !options.levels.isEmpty else { throw options.invalid(\.levels, "give at least one column") }
        if let colors = options.colors, colors.count != options.levels.count {
            throw options.invalid(\.colors, "\(colors.count) colour columns for \(options.levels.count) levels")
        }
        self.measure = measure
        self.options = options
    }

    /// One ring: each row's term on it (a term is a value under one parent term).
    struct Ring {
        var termOfRow: [Int]
        var labels: [String] = []
        var parents: [Int] = []
        var firstRows: [Int] = []
    }

    func run(in context: StageContext) async throws -> StageResult {
        let table = try await context.table(options.table)
        let rings = try Self.rings(table, levels: options.levels)
        let totals = try rings.map { ring in try measure.totals(table, groups: ring.labels.count, group: { ring.termOfRow[$0] }) }
        let colors = try ringColors(table, rings: rings)
        let roots = Self.nodes(rings: rings, totals: totals, colors: colors, level: 0, parent: -1)
        let chart = SunburstChart(title: options.title ?? "\(measure.title) by \(options.levels.joined(separator: " → "))",
                                  roots: roots, unit: options.unit ?? measure.title, size: Double(options.size), legendLimit: options.legendLimit)
        let total = totals.first?.reduce(0, +) ?? 0
        let counts = rings.map { NumberText.count($0.labels.count) }
        let note = zip(counts, options.levels).map { "\($0) \($1) terms" }.joined(separator: ", ")
            + "; \(NumberText.decimal(total)) \(measure.title) in all."
        let html: HTMLText = "<figure class=\"sunburst\">\n\(chart.svg)<figcaption>\(note)</figcaption></figure>\n"
        return StageResult(fields: ["terms": .list(rings.map { .int($0.labels.count) }), "total": .double(total)],
                           html: html, files: try context.inputRecords([options.table]))
    }

    /// Each level's terms: a row's term is its value on that level under its term one ring in.
    static func rings(_ table: Table, levels: [String]) throws -> [Ring] {
        var rings: [Ring] = []
        for name in levels {
            let (codes, keys) = try table.column(name).factorized()
            var ring = Ring(termOfRow: [Int](repeating: 0, count: table.rowCount))
            var termOf: [Int: Int] = [:]
            for row in 0..<table.rowCount {
                let parent = rings.last?.termOfRow[row] ?? 0
                let key = parent * keys.count + Int(codes[row])
                if let term = termOf[key] { ring.termOfRow[row] = term; continue }
                termOf[key] = ring.labels.count
                ring.termOfRow[row] = ring.labels.count
                ring.labels.append(keys[Int(codes[row])].isEmpty ? "(empty)" : keys[Int(codes[row])])
                ring.parents.append(rings.isEmpty ? -1 : parent)
                ring.firstRows.append(row)
            }
            rings.append(ring)
        }
        return rings
    }

    /// The terms of `level` under `parent`, in the taxonomy's label order, with their subtrees.
    static func nodes(rings: [Ring], totals: [[Double]], colors: [[RGB]], level: Int, parent: Int) -> [SunburstChart.Node] {
        guard level < rings.count else { return [] }
        let ring = rings[level]
        let terms = ring.labels.indices.filter { ring.parents[$0] == parent }
        let byLabel = Dictionary(terms.map { (ring.labels[$0], $0) }, uniquingKeysWith: { first, _ in first })
        return NaturalOrder.naturallySorted(terms.map { ring.labels[$0] }).compactMap { byLabel[$0] }.map { term in
            SunburstChart.Node(label: ring.labels[term], value: totals[level][term], color: colors[level][term],
                               children: nodes(rings: rings, totals: totals, colors: colors, level: level + 1, parent: term))
        }
    }

    /// Each term's colour: its colour column at the term's first row, else tab20 on the inner
    /// ring (in label order) and, further out, the parent's colour lightened.
    private func ringColors(_ table: Table, rings: [Ring]) throws -> [[RGB]] {
        var colors: [[RGB]] = []
        for (level, ring) in rings.enumerated() {
            if let name = options.colors?[level] {
                let (palette, rows) = try PointColors.hex(try table.column(name), option: "colors", table: options.table)
                colors.append(ring.firstRows.map { palette[Int(rows[$0])] })
            } else if level == 0 {
                let tab20 = ColorMap.named("tab20")!
                let rank = Dictionary(NaturalOrder.naturallySorted(ring.labels).enumerated().map { ($0.element, $0.offset) },
                                      uniquingKeysWith: { first, _ in first })
                colors.append(ring.labels.map { tab20.cycled(rank[$0]!) })
            } else {
                let white = RGB(packed: 0xffffff)
                colors.append(ring.parents.map { colors[level - 1][$0].mixed(with: white, 0.3) })
            }
        }
        return colors
    }
}
