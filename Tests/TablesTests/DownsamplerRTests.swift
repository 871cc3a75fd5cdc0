import Foundation
import Testing
import TestSupport
import Tables

/// `Downsampler` with `rng: r` against the seed's R code run by Rscript (Tests/Scripts/seed_downsample.R):
/// the same cells, in the same order.
@Suite(.enabled(if: TestR.isAvailable, Comment(rawValue: TestR.skipReason)))
struct DownsamplerRTests {
    /// 600 clusters of 1 … 400 cells (121,000 rows or so), rows shuffled so clusters interleave.
    static func metadataCSV() -> String {
        var clusterOfRow: [Int] = []
        for k in 0..<600 { clusterOfRow += Array(repeating: 1000 + k, count: 1 + (k * k * 37 + k * 11) % 400) }
        var generator = SplitMix64(seed: 12)
        clusterOfRow.shuffle(using: &generator)
        var text = "cell_label,library_label,cluster_alias\n"
        for (row, cluster) in clusterOfRow.enumerated() { text += "C\(row)-\(cluster % 17),L\(row % 23),\(cluster)\n" }
        return text
    }

    @Test("the seed's downsampled_cells, rows and order, for three (target, keep-below, seed); one target above half the large-cluster rows",
          arguments: [(20_000, 50, 42), (15_000, 100, 2_147_483_647), (90_000, 30, 7)])
    func matchesR(target: Int, keepBelow: Int, seed: Int) throws {
        let folder = try TestPaths.temporaryDirectory("downsample-r")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("cells.csv")
        try Data(Self.metadataCSV().utf8).write(to: csv)
        let table = try CSVReader.read(csv)
        #expect(table.rowCount >= 100_000)
        let plan = try Downsampler.plan(table, cluster: "cluster_alias", target: target, keepBelow: keepBelow, seed: UInt64(seed), generator: .r)
        if target == 90_000 { #expect(plan.sampledRows.count * 2 > table.rowCount - plan.keptRows.count) }
        let labels = table.columns[0]
        let ours = plan.selectedRows.map { labels.text(at: $0) }
        let r = try TestR.seedDownsample(csv, target: target, keepBelow: keepBelow, seed: seed)
        #expect(ours.count == target)
        #expect(ours == r)
    }
}
