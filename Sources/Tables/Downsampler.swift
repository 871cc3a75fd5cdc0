/// Which rows a downsample keeps: the seed workflow's stratified sample.
public struct DownsamplePlan: Sendable {
    /// Every row of a cluster with fewer than `keepBelow` rows, in input order.
    public let keptRows: [Int]
    /// The uniform sample from all other rows, in input order.
    public let sampledRows: [Int]
    /// Cluster values in order of first appearance, with rows per cluster before and after.
    public let clusters: [String]
    public let countsBefore: [Int]
    public let countsAfter: [Int]
    /// Clusters kept whole (fewer than `keepBelow` rows).
    public let smallClusters: Int

    /// The output rows: kept rows, then sampled rows.
    public var selectedRows: [Int] { keptRows + sampledRows }
}

/// The seed workflow's downsample, exactly: count rows per cluster; keep every row of clusters
/// with fewer than `keepBelow` rows; draw `target − kept` rows uniformly without replacement from
/// all other rows (not per cluster).
///
/// Reproducible anywhere: the candidates are the indices (0-based, input order) of the rows of
/// the large clusters; a `SplitMix64` seeded with `seed` drives a partial Fisher–Yates shuffle:
/// for i in 0..<k { j = i + below(N − i); swap(c[i], c[j]) }, with N candidates and k = target − kept;
/// c[0..<k] is the sample, which is then put back in input order (so the output keeps the input's
/// grouping, e.g. by library). Same table, options and seed ⇒ same rows.
public enum Downsampler {
    public static func plan(_ table: Table, cluster: String, target: Int, keepBelow: Int, seed: UInt64) throws(TableError) -> DownsamplePlan {
        guard target > 0 else { throw .invalidArgument("target must be a positive number of cells, not \(target)") }
        guard keepBelow > 0 else { throw .invalidArgument("keep-below must be a positive number of cells, not \(keepBelow)") }
        let (groups, keys) = try table.column(cluster).factorized()
        guard target <= table.rowCount else {
            throw .invalidArgument("target \(target) is above the number of cells, \(table.rowCount), in \(table.source)")
        }
        var countsBefore = [Int](repeating: 0, count: keys.count)
        for g in groups { countsBefore[Int(g)] += 1 }
        let small = countsBefore.map { $0 < keepBelow }
        var kept: [Int] = []
        var candidates: [Int] = []
        for (row, g) in groups.enumerated() {
            if small[Int(g)] { kept.append(row) } else { candidates.append(row) }
        }
        let smallClusters = small.filter { $0 }.count
        guard target >= kept.count else {
            throw .invalidArgument("target \(target) is below the \(kept.count) cells kept whole from the \(smallClusters) clusters with fewer than \(keepBelow) cells")
        }
        let k = target - kept.count
        var generator = SplitMix64(seed: seed)
        let n = candidates.count
        for i in 0..<k {
            let j = i + Int(generator.below(UInt64(n - i)))
            candidates.swapAt(i, j)
        }
        let sampled = candidates[0..<k].sorted()
        var countsAfter = [Int](repeating: 0, count: keys.count)
        for row in kept { countsAfter[Int(groups[row])] += 1 }
        for row in sampled { countsAfter[Int(groups[row])] += 1 }
        return DownsamplePlan(keptRows: kept, sampledRows: sampled, clusters: keys,
                              countsBefore: countsBefore, countsAfter: countsAfter, smallClusters: smallClusters)
    }
}
