import Foundation
import Testing
import TestSupport
import Tables

/// A fixture of 40 clusters: cluster k has k * 3 cells (3 … 120), rows interleaved.
func clusterFixture() throws -> Table {
    var rows: [(String, Int)] = []
    for k in 1...40 {
        for i in 0..<(k * 3) { rows.append(("cell\(k)_\(i)", k)) }
    }
    // A fixed interleaving so clusters are not contiguous.
    rows = rows.enumerated().sorted { ($0.offset * 7919) % rows.count < ($1.offset * 7919) % rows.count }.map(\.element)
    let text = "cell_label,cluster_alias,x\n" + rows.map { "\($0.0),\($0.1),\(Double($0.1) / 4)" }.joined(separator: "\n") + "\n"
    return try CSVReader.parse(Array(text.utf8), name: "cells.csv")
}

@Suite struct DownsamplerTests {
    @Test func keepsSmallClustersWholeAndSamplesTheRest() throws {
        let table = try clusterFixture()
        let plan = try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: 50, seed: 42, generator: .splitmix64)
        let clusters = try table.column("cluster_alias")
        let selected = plan.selectedRows
        #expect(selected.count == 600)
        #expect(Set(selected).count == 600)
        // Clusters 1…16 have fewer than 50 cells (3 … 48): all present, in input order.
        let smallRows = (0..<table.rowCount).filter { clusters.number(at: $0)! < 17 }
        #expect(plan.keptRows == smallRows)
        #expect(plan.smallClusters == 16)
        #expect(plan.sampledRows.allSatisfy { clusters.number(at: $0)! >= 17 })
        #expect(plan.sampledRows == plan.sampledRows.sorted())
        #expect(plan.countsAfter.reduce(0, +) == 600)
        #expect(zip(plan.countsBefore, plan.countsAfter).allSatisfy { $1 <= $0 })
    }

    @Test(arguments: SamplingGenerator.allCases)
    func samePlanPerSeedDifferentAcrossSeeds(generator: SamplingGenerator) throws {
        let table = try clusterFixture()
        let a = try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: 50, seed: 42, generator: generator)
        let b = try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: 50, seed: 42, generator: generator)
        let c = try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: 50, seed: 43, generator: generator)
        #expect(a.selectedRows == b.selectedRows)
        #expect(a.sampledRows != c.sampledRows)
        #expect(a.keptRows == c.keptRows)
    }

    @Test func rKeepsDrawOrderAndTheSameKeptRows() throws {
        let table = try clusterFixture()
        let r = try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: 50, seed: 42, generator: .r)
        let s = try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: 50, seed: 42, generator: .splitmix64)
        #expect(r.keptRows == s.keptRows)
        #expect(Set(r.sampledRows).count == r.sampledRows.count)
        #expect(r.sampledRows != r.sampledRows.sorted())
        // The candidates are the large-cluster rows in input order, drawn as sample.int draws them.
        let candidates = (0..<table.rowCount).filter { !r.keptRows.contains($0) }
        var random = RRandom(seed: 42)
        #expect(r.sampledRows == random.sampleInt(candidates.count, size: 600 - r.keptRows.count).map { candidates[$0 - 1] })
    }

    @Test func generatorMatchesTheReferenceSequence() {
        // SplitMix64 from seed 0: the published first outputs.
        var g = SplitMix64(seed: 0)
        #expect([g.next(), g.next(), g.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func errorsGiveTheNumbers() throws {
        let table = try clusterFixture()
        #expect(errorMessage { _ = try Downsampler.plan(table, cluster: "cluster", target: 600, keepBelow: 50, seed: 1) }
            == "cells.csv has no column 'cluster'; columns: cell_label, cluster_alias, x")
        #expect(errorMessage { _ = try Downsampler.plan(table, cluster: "cluster_alias", target: 100, keepBelow: 50, seed: 1) }
            == "target 100 is below the 408 cells kept whole from the 16 clusters with fewer than 50 cells")
        #expect(errorMessage { _ = try Downsampler.plan(table, cluster: "cluster_alias", target: 5000, keepBelow: 50, seed: 1) }
            == "target 5000 is above the number of cells, 2460, in cells.csv")
        #expect(errorMessage { _ = try Downsampler.plan(table, cluster: "cluster_alias", target: 0, keepBelow: 50, seed: 1) }
            == "target must be a positive number of cells, not 0")
        #expect(errorMessage { _ = try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: -1, seed: 1) }
            == "keep-below must be a positive number of cells, not -1")
        #expect(errorMessage { _ = try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: 50, seed: 1 << 31) }
            == "seed 2147483648 is above 2147483647, the largest seed R's set.seed takes")
        #expect(try Downsampler.plan(table, cluster: "cluster_alias", target: 600, keepBelow: 50, seed: 1 << 31, generator: .splitmix64).sampledRows.count == 192)
    }
}
