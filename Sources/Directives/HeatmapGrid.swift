import AnnData
import Tables
import Weave

/// What a `heatmap` stage draws: per group (in display order) the chosen statistic of each gene,
/// the share of cells above 0 (dot sizes) and the group's row count.
struct HeatmapGrid {
    enum Ordering {
        case name, appearance
        /// Descending by this gene's value.
        case value(String)
        /// By the value of this column in each group's first row (numbers ascending, text naturally).
        case column(String)
    }

    let genes: [String]
    private(set) var groups: [String]
    /// `[group][gene]`.
    private(set) var values: [[Double]]
    private(set) var shares: [[Double]]
    private(set) var counts: [Int]
    private var firstRows: [Int]
    let totalGroups: Int
    let cells: Int
    let ungroupedRows: Int

    init(table: Table, genes: [String], groupBy: String, statistic: String, dots: Bool) throws {
        let aggregate = try table.aggregate(genes, by: groupBy, medians: statistic == GroupAggregate.Statistic.median.rawValue)
        self.genes = genes
        groups = aggregate.groups
        values = aggregate.values(GroupAggregate.Statistic(rawValue: statistic) ?? .mean)
        shares = aggregate.fraction
        counts = aggregate.counts
        firstRows = aggregate.firstRows
        totalGroups = aggregate.groups.count
        cells = aggregate.counts.reduce(0, +)
        ungroupedRows = aggregate.ungroupedRows
    }

    /// Puts the groups in `ordering` and keeps the first `top`.
    mutating func order(by ordering: Ordering, in table: Table, top: Int?) {
        var order = Array(groups.indices)
        switch ordering {
        case .appearance:
            break
        case .name:
            let rank = Dictionary(uniqueKeysWithValues: NaturalOrder.naturallySorted(groups).enumerated().map { ($1, $0) })
            order.sort { rank[groups[$0]]! < rank[groups[$1]]! }
        case .value(let gene):
            let g = genes.firstIndex(of: gene) ?? 0
            // NaN (no value) last; ties keep their order.
            order.sort { a, b in
                let (x, y) = (values[a][g], values[b][g])
                return x.isNaN ? false : y.isNaN ? true : x > y
            }
        case .column(let name):
            // The caller checked the column exists.
            let column = try? table.column(name)
            if let column, column.isNumeric {
                order.sort { (column.number(at: firstRows[$0]) ?? .infinity) < (column.number(at: firstRows[$1]) ?? .infinity) }
            } else if let column {
                let keys = order.map { column.text(at: firstRows[$0]) }
                let rank = Dictionary(NaturalOrder.naturallySorted(Set(keys)).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                order.sort { rank[keys[$0]]! < rank[keys[$1]]! }
            }
        }
        if let top { order = Array(order.prefix(top)) }
        groups = order.map { groups[$0] }
        values = order.map { values[$0] }
        shares = order.map { shares[$0] }
        counts = order.map { counts[$0] }
        firstRows = order.map { firstRows[$0] }
    }

    /// Each gene as z-scores over the groups shown (population standard deviation; 0 when constant).
    mutating func standardise() {
        for g in genes.indices {
            let column = values.map { $0[g] }.filter(\.isFinite)
            guard !column.isEmpty else { continue }
            let mean = column.reduce(0, +) / Double(column.count)
            let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot()
            for r in values.indices { values[r][g] = sd > 0 ? (values[r][g] - mean) / sd : 0 }
        }
    }

    func chart(title: String, style: HeatmapChart.Style, genesAsColumns: Bool, colors: any ColorScale,
               domain: ClosedRange<Double>, valueLabel: String) -> HeatmapChart {
        let byGroup = groups.indices.map { r in
            genes.indices.map { g in HeatmapChart.Cell(value: values[r][g], share: shares[r][g], cells: counts[r]) }
        }
        if genesAsColumns {
            return HeatmapChart(title: title, rowLabels: groups, columnLabels: genes, cells: byGroup, style: style,
                                colors: colors, domain: domain, valueLabel: valueLabel)
        }
        let byGene = genes.indices.map { g in groups.indices.map { r in byGroup[r][g] } }
        return HeatmapChart(title: title, rowLabels: genes, columnLabels: groups, cells: byGene, style: style,
                            colors: colors, domain: domain, valueLabel: valueLabel)
    }
}
