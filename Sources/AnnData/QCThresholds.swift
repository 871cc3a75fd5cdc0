/// Cell and gene filters on quality-control metrics, as scanpy's `filter_cells(min_genes=…,
/// max_genes=…)`, a cut on `pct_counts_<set>`, and `filter_genes(min_cells=…)`: every rule is
/// judged on the metrics of the whole matrix, and a cell is kept when it passes them all.
public struct QCThresholds: Sendable, Equatable {
    public var minGenes: Int?
    public var maxGenes: Int?
    /// Largest percentage of a cell's counts in a gene set, by set name.
    public var maxPercent: [(set: String, percent: Double)]
    public var minCells: Int?

    public init(minGenes: Int? = nil, maxGenes: Int? = nil, maxPercent: [(set: String, percent: Double)] = [], minCells: Int? = nil) {
        self.minGenes = minGenes
        self.maxGenes = maxGenes
        self.maxPercent = maxPercent
        self.minCells = minCells
    }

    public static func == (a: QCThresholds, b: QCThresholds) -> Bool {
        a.minGenes == b.minGenes && a.maxGenes == b.maxGenes && a.minCells == b.minCells
            && a.maxPercent.map(\.set) == b.maxPercent.map(\.set) && a.maxPercent.map(\.percent) == b.maxPercent.map(\.percent)
    }

    public var isEmpty: Bool { minGenes == nil && maxGenes == nil && maxPercent.isEmpty && minCells == nil }

    /// One rule and what it removed (cells, or genes for `min-cells`).
    public struct Rule: Sendable, Equatable {
        public var name: String
        public var removed: Int
    }

    public struct Outcome: Sendable, Equatable {
        /// Per cell: passes every cell rule.
        public var keptCells: [Bool]
        /// Per gene: passes `minCells` (all true without it).
        public var keptGenes: [Bool]
        public var rules: [Rule]
    }

    /// Applies the rules to `metrics`; a `maxPercent` set must be one of its gene sets. A cell
    /// without counts has no percentage (NaN) and passes a percentage rule, as `NaN > x` is false.
    public func apply(to metrics: QCMetrics) throws(QCThresholdError) -> Outcome {
        var kept = [Bool](repeating: true, count: metrics.cells)
        var rules: [Rule] = []
        func rule(_ name: String, _ fails: (Int) -> Bool) {
            var removed = 0
            for cell in 0..<metrics.cells where fails(cell) {
                removed += 1
                kept[cell] = false
            }
            rules.append(Rule(name: name, removed: removed))
        }
        if let minGenes { rule("min-genes \(minGenes)") { Int(metrics.genesByCounts[$0]) < minGenes } }
        if let maxGenes { rule("max-genes \(maxGenes)") { Int(metrics.genesByCounts[$0]) > maxGenes } }
        for (name, limit) in maxPercent {
            guard let set = metrics.geneSets.firstIndex(where: { $0.name == name }) else {
                throw QCThresholdError(set: name, known: metrics.geneSets.map(\.name))
            }
            let percent = metrics.setPercent(set)
            rule("max-pct \(name) \(limit)") { percent[$0] > limit }
        }
        var genes = [Bool](repeating: true, count: metrics.genes)
        if let minCells {
            for gene in 0..<metrics.genes where metrics.cellsByCounts[gene] < Int64(minCells) { genes[gene] = false }
            rules.append(Rule(name: "min-cells \(minCells)", removed: genes.filter { !$0 }.count))
        }
        return Outcome(keptCells: kept, keptGenes: genes, rules: rules)
    }
}

/// A percentage rule naming a gene set that was not measured.
public struct QCThresholdError: Error, CustomStringConvertible, Sendable {
    public let set: String
    public let known: [String]
    public var description: String { "no gene set '\(set)' to cut on; the sets are: \(known.joined(separator: ", "))" }
}
