import Foundation
import Tables
import Weave

/// The report section of a downsample: summary sentence, cluster table, per-class table (when
/// the cells carry a `class` column, e.g. from a taxonomy join), and before/after histograms of
/// log10 cells per cluster on the same bins.
struct DownsampleReport {
    let options: OptionValues<Downsample.Options>
    let plan: DownsamplePlan
    let cells: Table
    var cluster: String { options.cluster }
    var keepBelow: Int { options.keepBelow }
    var seed: Int { options.seed }
    var output: String { options.output }

    func html() throws -> HTMLText {
        let represented = plan.countsAfter.filter { $0 > 0 }.count
        let candidates = cells.rowCount - plan.keptRows.count
        let summary = "Of \(NumberText.count(cells.rowCount)) cells in \(NumberText.count(plan.clusters.count)) clusters (\(cluster)), all \(NumberText.count(plan.keptRows.count)) cells "
            + "of the \(NumberText.count(plan.smallClusters)) clusters with fewer than \(NumberText.count(keepBelow)) cells were kept, and \(NumberText.count(plan.sampledRows.count)) cells "
            + "were sampled uniformly without replacement (seed \(seed)) from the other \(NumberText.count(candidates)) cells: "
            + "\(NumberText.count(plan.selectedRows.count)) cells from \(NumberText.count(represented)) clusters, written to \(output)."
        var out: HTMLText = "<p class=\"summary\">\(summary)</p>\n<p class=\"generator\">\(generatorSentence)</p>\n"

        out += HTML.table(header: ["", "before", "after"], rows: [
            ["cells", NumberText.count(cells.rowCount), NumberText.count(plan.selectedRows.count)],
            ["clusters", NumberText.count(plan.clusters.count), NumberText.count(represented)],
            ["clusters kept whole (< \(NumberText.count(keepBelow)) cells)", NumberText.count(plan.smallClusters), NumberText.count(plan.smallClusters)],
            ["median cells per cluster", median(plan.countsBefore), median(plan.countsAfter.filter { $0 > 0 })],
        ], numericColumns: [1, 2])

        let order = Array(plan.clusters.indices).sortedStably { plan.countsBefore[$0] > plan.countsBefore[$1] }
        let largest = order.prefix(Self.listed)
        let smallest = order.suffix(Self.listed).filter { !largest.contains($0) }
        let clusterRows = (largest.map { ("largest", $0) } + smallest.map { ("smallest", $0) }).map { kind, i in
            [kind, plan.clusters[i], NumberText.count(plan.countsBefore[i]), NumberText.count(plan.countsAfter[i])]
        }
        out += HTML.table(header: ["", cluster, "cells before", "cells after"], rows: clusterRows, numericColumns: [2, 3],
                          note: "The \(Self.listed) largest and smallest of \(NumberText.count(plan.clusters.count)) clusters.")

        if let classes = try perClass() { out += classes }
        out += histograms()
        return out
    }

    static let listed = Downsample.listedClusters

    /// Which generator drew the sample, and in which order the sampled cells are written.
    private var generatorSentence: String {
        switch options.rng {
        case .r:
            "Generator: r, \(options.rng.title) (set.seed(\(seed)); slice_sample(n = \(plan.sampledRows.count))); "
                + "the sampled cells follow the kept cells in draw order, as in the seed workflow's downsampled_cells."
        case .splitmix64:
            "Generator: splitmix64, \(options.rng.title) (seed \(seed)); the sampled cells follow the kept cells in input order."
        }
    }

    /// Clusters and cells per `class` before and after, largest class first.
    private func perClass() throws -> HTMLText? {
        guard let classColumn = cells.columnIndex("class") else { return nil }
        let (groups, _) = try cells.column(cluster).factorized()
        let classes = cells.columns[classColumn]
        var classOfCluster = [String?](repeating: nil, count: plan.clusters.count)
        for (row, g) in groups.enumerated() where classOfCluster[Int(g)] == nil {
            classOfCluster[Int(g)] = classes.text(at: row)
        }
        var names: [String] = []
        var totals: [String: (clusters: Int, represented: Int, before: Int, after: Int)] = [:]
        for (i, name) in classOfCluster.enumerated() {
            let key = name ?? ""
            if totals[key] == nil { names.append(key) }
            var t = totals[key] ?? (0, 0, 0, 0)
            t.clusters += 1
            t.represented += plan.countsAfter[i] > 0 ? 1 : 0
            t.before += plan.countsBefore[i]
            t.after += plan.countsAfter[i]
            totals[key] = t
        }
        let rows = names.sortedStably { totals[$0]!.before > totals[$1]!.before }.map { name in
            let t = totals[name]!
            return [name.isEmpty ? "(none)" : name, NumberText.count(t.clusters), NumberText.count(t.represented), NumberText.count(t.before), NumberText.count(t.after)]
        }
        return HTML.table(header: ["class", "clusters", "clusters after", "cells before", "cells after"], rows: rows,
                          numericColumns: [1, 2, 3, 4], note: "\(NumberText.count(rows.count)) classes.")
    }

    /// log10 cells per cluster before and after, on the bins of the before histogram.
    private func histograms() -> HTMLText {
        let before = plan.countsBefore.map { log10(Double($0)) }
        let after = plan.countsAfter.filter { $0 > 0 }.map { log10(Double($0)) }
        guard let lo = before.min(), let hi = before.max() else { return "" }
        let range = lo...max(hi, after.max() ?? hi)
        var out: HTMLText = ""
        for (label, values) in [("before sampling", before), ("after sampling", after)] {
            let chart = HistogramChart(bins: HistogramChart.bins(of: values, count: 30, range: range),
                                       title: "Cells per cluster, \(label)",
                                       xLabel: "cells per \(cluster) (log10 scale)", yLabel: "clusters", log10Axis: true)
            out += "<figure class=\"histogram\">\n\(chart.svg)<figcaption>\(NumberText.count(values.count)) clusters, \(label).</figcaption></figure>\n"
        }
        return out
    }


    private func median(_ counts: [Int]) -> String {
        guard !counts.isEmpty else { return "" }
        let sorted = counts.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? NumberText.count(sorted[mid]) : NumberText.decimal(Double(sorted[mid - 1] + sorted[mid]) / 2)
    }
}
