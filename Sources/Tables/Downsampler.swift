/// Which rows a downsample keeps: the seed workflow's stratified sample.
public struct DownsamplePlan: Sendable {
    /// Every row of a cluster with fewer than `keepBelow` rows, in input order.
    public let keptRows: [Int]
    /// The uniform sample from all other rows: in draw order with R's generator, in input order
    /// with SplitMix64.
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

/// The generator a downsample draws with.
public enum SamplingGenerator: String, Sendable, CaseIterable {
    /// R's `set.seed(seed); sample.int(N, k)` (see `RRandom`): the seed workflow's own cells.
    case r
    /// atlasweave's documented SplitMix64 partial Fisher–Yates shuffle, sample in input order.
    case splitmix64

    /// How the report names it.
    public var title: String {
        switch self {
        case .r: "R's Mersenne-Twister with rejection sampling, as set.seed and slice_sample"
        case .splitmix64: "SplitMix64 with a partial Fisher–Yates shuffle"
        }
    }
}

/// The seed workflow's downsample, exactly: count rows per cluster; keep every row of clusters
/// with fewer than `keepBelow` rows; draw `target − kept` rows uniformly without replacement from
/// all other rows (not per cluster).
///
/// The candidates are the indices (0-based, input order) of the rows of the large clusters, N of
/// them, and k = target − kept are drawn:
/// - `.r`: `set.seed(seed); sample.int(N, k)` as R computes it (`RRandom`); the sample is in draw
///   order, as dplyr's `slice_sample` leaves it, so the rows equal the seed's `downsampled_cells`.
/// - `.splitmix64`: a `SplitMix64` seeded with `seed` drives a partial Fisher–Yates shuffle,
///   `for i in 0..<k { j = i + below(N − i); swap(c[i], c[j]) }`; c[0..<k] is the sample, put
///   back in input order.
/// Same table, options and seed ⇒ same rows.
public enum Downsampler {
    public static func plan(_ table: Table, cluster: String, target: Int, keepBelow: Int, seed: UInt64,
                            generator: SamplingGenerator = .r) throws(TableError) -> DownsamplePlan {
        guard target > 0 else { throw .invalidArgument("target must be a positive number of cells, not \(target)") }
        guard keepBelow > 0 else { throw .invalidArgument("keep-below must be a positive number of cells, not \(keepBelow)") }
        if generator == .r, seed > UInt64(Int32.max) {
            throw .invalidArgument("seed \(seed) is above \(Int32.max), the largest seed R's set.seed takes")
        }
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
        let sampled = sample(candidates, count: target - kept.count, seed: seed, generator: generator)
        var countsAfter = [Int](repeating: 0, count: keys.count)
        for row in kept { countsAfter[Int(groups[row])] += 1 }
        for row in sampled { countsAfter[Int(groups[row])] += 1 }
        return DownsamplePlan(keptRows: kept, sampledRows: sampled, clusters: keys,
                              countsBefore: countsBefore, countsAfter: countsAfter, smallClusters: smallClusters)
    }

    /// `k` of the candidates, uniformly without replacement: in draw order (R) or input order (SplitMix64).
    static func sample(_ candidates: [Int], count k: Int, seed: UInt64, generator: SamplingGenerator) -> [Int] {
        // dplyr's slice_sample does not call sample.int for a size of 0; nothing is drawn either way.
        guard k > 0 else { return [] }
        switch generator {
        case .r:
            var random = RRandom(seed: Int32(seed))
            return random.sampleInt(candidates.count, size: k).map { candidates[$0 - 1] }
        case .splitmix64:
            var candidates = candidates
            var generator = SplitMix64(seed: seed)
            let n = candidates.count
            for i in 0..<k {
                let j = i + Int(generator.below(UInt64(n - i)))
                candidates.swapAt(i, j)
            }
            return candidates[0..<k].sorted()
        }
    }
}
