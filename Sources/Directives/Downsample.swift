import Foundation
import Tables
import Weave

/// `{downsample}`: the seed workflow's stratified sample of cells, written as CSV.
///
/// Counts rows per `cluster`; keeps every row of clusters with fewer than `keep-below` rows;
/// draws `target − kept` rows uniformly without replacement from all other rows (not per
/// cluster) with the `rng` generator seeded by `seed` (see `Downsampler`): `r`, the default,
/// draws exactly as the seed's `set.seed(seed); slice_sample(...)` and keeps the draw order;
/// `splitmix64` is atlasweave's own draw, sample in input order. Writes kept rows (input order)
/// then sampled rows, every column in input order, to `output`. Same input, options and seed ⇒
/// byte-identical CSV.
public struct Downsample: Directive {
    public static let name = "downsample"
    public static let summary = "Keeps every cell of small clusters and samples the rest uniformly with a seed; writes the cells as CSV."
    public static let options = [
        OptionSpec("table", .string, required: true, help: "The cells: an earlier stage's id, or a CSV file relative to the report."),
        OptionSpec("cluster", .string, default: .string("cluster_alias"), help: "Column whose values are the clusters."),
        OptionSpec("target", .integer, required: true, help: "Number of cells in the result."),
        OptionSpec("keep-below", .integer, default: .int(50), help: "Clusters with fewer cells than this are kept whole."),
        OptionSpec("seed", .integer, default: .int(42), help: "Seed of the generator, 0 or more (at most 2147483647 with rng r, as R's set.seed)."),
        OptionSpec("rng", .string, default: .string("r"),
                   help: "Generator: r (R's set.seed and slice_sample: the seed workflow's cells, sampled rows in draw order) or splitmix64 (sampled rows in input order)."),
        OptionSpec("output", .string, required: true, help: "CSV file written (relative to the report's folder)."),
    ]
    public static let fields = [
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

    let table: String
    let cluster: String
    let target: Int
    let keepBelow: Int
    let seed: Int
    let rng: SamplingGenerator
    let output: String

    public init(options: DirectiveOptions) throws {
        table = options.string("table") ?? ""
        cluster = options.string("cluster") ?? "cluster_alias"
        target = options.int("target") ?? 0
        keepBelow = options.int("keep-below") ?? 50
        seed = options.int("seed") ?? 42
        output = options.string("output") ?? ""
        let rngName = options.string("rng") ?? "r"
        guard let rng = SamplingGenerator(rawValue: rngName) else {
            throw DirectiveError.invalidOption(name: "rng", message: "expected r or splitmix64, not '\(rngName)'")
        }
        self.rng = rng
        guard target > 0 else { throw DirectiveError.invalidOption(name: "target", message: "expected a positive number of cells, not \(target)") }
        guard keepBelow > 0 else { throw DirectiveError.invalidOption(name: "keep-below", message: "expected a positive number of cells, not \(keepBelow)") }
        guard seed >= 0 else { throw DirectiveError.invalidOption(name: "seed", message: "expected 0 or more, not \(seed)") }
        guard rng != .r || seed <= Int(Int32.max) else {
            throw DirectiveError.invalidOption(name: "seed", message: "expected at most \(Int32.max) with rng r (R's set.seed takes a 32-bit integer), not \(seed)")
        }
        guard !output.isEmpty else { throw DirectiveError.invalidOption(name: "output", message: "expected a CSV file name") }
    }

    public func run(in context: StageContext) async throws -> StageResult {
        let cells = try await context.table(table)
        let plan = try Downsampler.plan(cells, cluster: cluster, target: target, keepBelow: keepBelow, seed: UInt64(seed), generator: rng)
        let url = context.resolve(output)
        try CSVWriter.write(cells, rows: plan.selectedRows, to: url)
        let files = try context.inputRecords([table]) + [try FileRecord(hashing: url, role: .output)]
        let represented = plan.countsAfter.filter { $0 > 0 }.count
        let fields: [String: Value] = [
            "selected": .int(plan.selectedRows.count),
            "kept_cells": .int(plan.keptRows.count),
            "small_clusters": .int(plan.smallClusters),
            "sampled_cells": .int(plan.sampledRows.count),
            "clusters": .int(plan.clusters.count),
            "clusters_represented": .int(represented),
            "cells": .int(cells.rowCount),
            "path": .string(output),
            "rng": .string(rng.rawValue),
            "seed": .int(seed),
        ]
        let report = DownsampleReport(options: self, plan: plan, cells: cells)
        return StageResult(fields: fields, html: try report.html(), files: files, object: try cells.rows(plan.selectedRows))
    }
}
