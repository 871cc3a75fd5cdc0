import Foundation
import Tables
import Weave

extension SamplingGenerator: OptionChoice {}

/// `{downsample}`: the seed workflow's stratified sample of cells, written as CSV.
///
/// Counts rows per `cluster`; keeps every row of clusters with fewer than `keep-below` rows;
/// draws `target − kept` rows uniformly without replacement from all other rows (not per
/// cluster) with the `rng` generator seeded by `seed` (see `Downsampler`): `r`, the default,
/// draws exactly as the seed's `set.seed(seed); slice_sample(...)` and keeps the draw order;
/// `splitmix64` is atlasweave's own draw, sample in input order. Writes kept rows (input order)
/// then sampled rows, every column in input order, to `output`. Same input, options and seed ⇒
/// byte-identical CSV.
struct Downsample: Directive {
    static let name = "downsample"
    static let summary = "Keeps every cell of small clusters and samples the rest uniformly with a seed; writes the cells as CSV."
    struct Options: DirectiveOptionSet {
        let table = Option<String>("table", help: "The cells: an earlier stage's id, or a CSV file relative to the report.")
        let cluster = Option("cluster", default: "cluster_alias", help: "Column whose values are the clusters.")
        let target = Option<Int>("target", in: 1..., help: "Number of cells in the result.")
        let keepBelow = Option("keep-below", default: 50, in: 1..., help: "Clusters with fewer cells than this are kept whole.")
        let seed = Option("seed", default: 42, in: 0..., help: "Seed of the generator (at most 2147483647 with rng r, as R's set.seed).")
        let rng = Option("rng", default: SamplingGenerator.r,
                         help: "Generator: r (R's set.seed and slice_sample: the seed workflow's cells, sampled rows in draw order) or splitmix64 (sampled rows in input order).")
        let output = Option<String>("output", help: "CSV file written (relative to the report's folder).")
    }
    static let fields = [
        FieldSpec("selected", help: "Cells written: kept plus sampled (= target)."),
        FieldSpec("kept_cells", help: "Cells of the small clusters, all kept."),
        FieldSpec("small_clusters", help: "Clusters with fewer than keep-below cells."),
        FieldSpec("sampled_cells", help: "Cells sampled from the other clusters."),
        FieldSpec("clusters", help: "Clusters in the input."),
        FieldSpec("clusters_represented", help: "Clusters with at least one cell in the result."),
        FieldSpec("cells", help: "Cells in the input."),
        FieldSpec("path", help: "The written CSV, as given in `output`."),
        FieldSpec("rng", help: "The generator used: r or splitmix64."),
        FieldSpec("seed", help: "The generator's seed."),
    ]
    /// Largest and smallest clusters listed in the report.
    static let listedClusters = 5

    let options: OptionValues<Options>

    init(options: OptionValues<Options>) throws {
        guard !options.output.isEmpty else { throw options.invalid(\.output, "expected a CSV file name") }
        guard options.rng != .r || options.seed <= Int(Int32.max) else {
            throw options.invalid(\.seed, "expected at most \(Int32.max) with rng r (R's set.seed takes a 32-bit integer), not \(options.seed)")
        }
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let cells = try await context.table(options.table, option: "table")
        let plan = try Downsampler.plan(cells, cluster: options.cluster, target: options.target, keepBelow: options.keepBelow,
                                        seed: UInt64(options.seed), generator: options.rng)
        let url = try context.output(options.output, option: "output")
        try CSVWriter.write(cells, rows: plan.selectedRows, to: url)
        let files = try context.inputRecords([options.table]) + [try FileRecord(hashing: url, role: .output)]
        let represented = plan.countsAfter.filter { $0 > 0 }.count
        let fields: [String: Value] = [
            "selected": .int(plan.selectedRows.count),
            "kept_cells": .int(plan.keptRows.count),
            "small_clusters": .int(plan.smallClusters),
            "sampled_cells": .int(plan.sampledRows.count),
            "clusters": .int(plan.clusters.count),
            "clusters_represented": .int(represented),
            "cells": .int(cells.rowCount),
            "path": .string(options.output),
            "rng": .string(options.rng.rawValue),
            "seed": .int(options.seed),
        ]
        let report = DownsampleReport(options: options, plan: plan, cells: cells)
        return StageResult(fields: fields, html: try report.html(), files: files, object: try cells.rows(plan.selectedRows))
    }
}
