import AnnData
import AtomicFiles
import Foundation
import Tables
import Weave

/// The cells of each group of an obs column (in order of first appearance), when the column exists.
struct QCGroups {
    let column: String
    let labels: [String]
    /// Per cell, its group's index (-1: missing label).
    let groupOf: [Int]

    init(_ file: AnnDataFile, column: String) throws {
        self.column = column
        guard try file.obsColumnNames().contains(column) else {
            labels = []
            groupOf = []
            return
        }
        let values = try file.obsColumn(column)
        var index: [String: Int] = [:], labels: [String] = []
        groupOf = (0..<values.count).map { row in
            guard let text = values.text(at: row) else { return -1 }
            if let g = index[text] { return g }
            index[text] = labels.count
            labels.append(text)
            return labels.count - 1
        }
        self.labels = labels
    }

    func values(_ all: [Double], group: Int) -> [Double] {
        zip(all, groupOf).compactMap { $1 == group ? $0 : nil }
    }
}

/// Min, quartiles, median and max (numpy's linear interpolation), NaN left out.
struct Summary {
    let count: Int
    let min, q1, median, q3, max: Double

    init(_ values: [Double]) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        count = sorted.count
        func quantile(_ q: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let position = q * Double(sorted.count - 1), low = Int(position.rounded(.down))
            let high = Swift.min(low + 1, sorted.count - 1)
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
        (min, q1, median, q3, max) = (quantile(0), quantile(0.25), quantile(0.5), quantile(0.75), quantile(1))
    }
}

/// The filtered cell list: the passing cells with their matrix, group and main metrics.
enum QCCellList {
    static func write(_ file: AnnDataFile, metrics: QCMetrics, kept: [Bool], groups: QCGroups, to url: URL) throws -> FileRecord {
        let names = try file.obsNames()
        var extra: [(String, DataFrameColumn)] = []
        for column in ["feature_matrix_label", groups.column] where try file.obsColumnNames().contains(column) && !extra.contains(where: { $0.0 == column }) {
            extra.append((column, try file.obsColumn(column)))
        }
        let percents = metrics.geneSets.indices.map { metrics.setPercent($0) }
        var bytes: [UInt8] = []
        CSVLine.append(["cell_label"] + extra.map(\.0) + ["n_genes_by_counts", "total_counts"] + metrics.geneSets.map { "pct_counts_\($0.name)" }, to: &bytes)
        for cell in 0..<metrics.cells where kept[cell] {
            var fields = [names[cell]] + extra.map { $0.1.text(at: cell) ?? "" }
            fields += [String(metrics.genesByCounts[cell]), number(metrics.totalCounts[cell])] + percents.map { number($0[cell]) }
            CSVLine.append(fields, to: &bytes)
        }
        do { try AtomicFile.write(Data(bytes), to: url) } catch { throw DirectiveError.invalidOption(name: "filtered-cells", message: error.message) }
        return try FileRecord(hashing: url, role: .output)
    }

    private static func number(_ value: Double) -> String {
        value.isNaN ? "" : value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// The report section of a `qc` stage: gene sets, a summary table, histograms overall and per
/// group, and what each threshold removed.
struct QCReport {
    let metrics: QCMetrics
    let outcome: QCThresholds.Outcome?
    let groups: QCGroups
    let bins: Int
    let symbolSource: String
    let sets: [(name: String, pattern: String)]
    let path: String
    let filteredCells: String?

    /// The metrics shown: name, axis label, per-cell values.
    private var shown: [(name: String, label: String, values: [Double])] {
        [("n_genes_by_counts", "genes with counts per cell", metrics.genesByCounts.map(Double.init)),
         ("total_counts", "total counts per cell", metrics.totalCounts)]
            + metrics.geneSets.indices.map { s in
                ("pct_counts_\(metrics.geneSets[s].name)", "% of counts in \(metrics.geneSets[s].name) genes", metrics.setPercent(s))
            }
    }

    func html() -> HTMLText {
        var out: HTMLText = "<p class=\"summary\">\(n(metrics.cells)) cells × \(n(metrics.genes)) genes measured in one pass over X; metrics written to \(path) (obs and var, scanpy's names). Gene symbols from \(symbolSource).</p>\n"
        let setRows = zip(sets, metrics.geneSets).map { [$0.name, $0.pattern, n($1.count)] }
        out += HTML.cappedTable(header: ["gene set", "symbol pattern", "genes matched"], rows: setRows, numericColumns: [2])
        out += summaryTable()
        for metric in shown { out += histograms(metric) }
        if let outcome { out += thresholdTable(outcome) }
        return out
    }

    private func summaryTable() -> HTMLText {
        var rows: [[String]] = []
        let scopes = [("all cells", -2)] + groups.labels.enumerated().map { ($1, $0) }
        for metric in shown {
            for (label, group) in scopes {
                let s = Summary(group == -2 ? metric.values : groups.values(metric.values, group: group))
                rows.append([metric.name, label, n(s.count)] + [s.min, s.q1, s.median, s.q3, s.max].map(number))
            }
        }
        return HTML.cappedTable(header: ["metric", groups.labels.isEmpty ? "cells" : groups.column, "cells", "min", "25%", "median", "75%", "max"],
                                rows: rows, numericColumns: [2, 3, 4, 5, 6, 7], cap: 200)
    }

    private func histograms(_ metric: (name: String, label: String, values: [Double])) -> HTMLText {
        var charts = [chart(metric.values, title: "\(metric.name), all cells", label: metric.label)]
        for (g, label) in groups.labels.enumerated() {
            charts.append(chart(groups.values(metric.values, group: g), title: "\(metric.name), \(groups.column) \(label)", label: metric.label))
        }
        return "<div class=\"qc-histograms\">\n\(charts)</div>\n"
    }

    private func chart(_ values: [Double], title: String, label: String) -> HTMLText {
        let present = values.filter { !$0.isNaN }
        let chart = HistogramChart(bins: HistogramChart.bins(of: present, count: bins), title: title, xLabel: label, yLabel: "cells")
        var caption = "\(n(present.count)) cells in \(bins) bins."
        if present.count < values.count { caption += " \(n(values.count - present.count)) cells without counts left out." }
        return "<figure class=\"histogram\">\n\(chart.svg)<figcaption>\(caption)</figcaption></figure>\n"
    }

    private func thresholdTable(_ outcome: QCThresholds.Outcome) -> HTMLText {
        let rows = outcome.rules.map { [$0.name, n($0.removed), $0.name.hasPrefix("min-cells") ? "genes" : "cells"] }
        let kept = outcome.keptCells.filter { $0 }.count
        var out = HTML.cappedTable(header: ["rule", "removed", "of"], rows: rows, numericColumns: [1])
        out += "<p class=\"summary\">\(n(kept)) of \(n(metrics.cells)) cells pass every cell rule (\(n(metrics.cells - kept)) removed); the list is \(filteredCells ?? "").</p>\n"
        return out
    }

    private func n(_ value: Int) -> String { NumberText.count(value) }
    private func number(_ value: Double) -> String { value.isNaN ? "" : NumberText.decimal(value) }
}
