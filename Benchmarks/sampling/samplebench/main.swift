import Foundation
import Tables

// Times atlasweave's R-compatible sampler for Benchmarks/sampling/run.sh: `sample.int(rows, size)`
// alone, then the whole downsample plan on an in-memory table of `rows` cells in 5,322 clusters
// (as the real metadata). Prints the best of `repeat` runs of each and the first drawn values.
let args = CommandLine.arguments
guard args.count == 5, let rows = Int(args[1]), let size = Int(args[2]), let seed = Int32(args[3]), let repeats = Int(args[4]),
      rows > 0, size >= 0, size <= rows, repeats > 0 else {
    FileHandle.standardError.write(Data("usage: samplebench ROWS SIZE SEED REPEAT\n".utf8))
    exit(2)
}

/// Best wall and CPU seconds of `repeats` runs (CPU shown too: the machine may be shared).
func best(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    func now(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
    var fastest = (wall: Double.infinity, cpu: Double.infinity)
    for _ in 0..<repeats {
        let (wall, cpu) = (now(CLOCK_MONOTONIC), now(CLOCK_PROCESS_CPUTIME_ID))
        try body()
        fastest = (min(fastest.wall, now(CLOCK_MONOTONIC) - wall), min(fastest.cpu, now(CLOCK_PROCESS_CPUTIME_ID) - cpu))
    }
    return fastest
}

var drawn: [Int] = []
let sampleSeconds = best {
    var random = RRandom(seed: seed)
    drawn = random.sampleInt(rows, size: size)
}
print("sample.int first \(drawn.prefix(5).map(String.init).joined(separator: " ")) sum \(drawn.reduce(0, +))")
print(String(format: "sample.int(%d, %d): %.4f s (CPU %.4f s)", rows, size, sampleSeconds.wall, sampleSeconds.cpu))

// Cluster k of 5,322 gets a share proportional to (k % 97 + 1)^2, rows interleaved.
let clusters = 5322
let weights: [Double] = (0..<clusters).map { k in
    let w = k % 97 + 1
    return Double(w * w)
}
let total = weights.reduce(0, +)
var alias: [Int64] = []
alias.reserveCapacity(rows)
for k in 0..<clusters { alias += Array(repeating: Int64(k), count: Int(Double(rows) * weights[k] / total)) }
while alias.count < rows { alias.append(Int64(alias.count % clusters)) }
var shuffler = SplitMix64(seed: 1)
alias.shuffle(using: &shuffler)
do {
    let table = try Table(columns: [Column(name: "cluster_alias", storage: .int64(alias))], source: "synthetic")
    var plan: DownsamplePlan?
    let planSeconds = try best {
        plan = try Downsampler.plan(table, cluster: "cluster_alias", target: size, keepBelow: 50, seed: UInt64(seed), generator: .r)
    }
    guard let plan else { exit(1) }
    print("plan: \(plan.keptRows.count) kept from \(plan.smallClusters) small clusters, \(plan.sampledRows.count) sampled")
    print(String(format: "downsample plan of %d rows to %d: %.4f s (CPU %.4f s)", rows, size, planSeconds.wall, planSeconds.cpu))
} catch {
    FileHandle.standardError.write(Data("samplebench: \(error)\n".utf8))
    exit(1)
}
