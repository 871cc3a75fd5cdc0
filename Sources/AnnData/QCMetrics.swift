import Dispatch
import Foundation
import HDF5Kit

/// A named set of genes (columns of X) whose share of each cell's counts is measured.
public struct GeneSet: Sendable, Equatable {
    public var name: String
    public var members: [Bool]

    public init(name: String, members: [Bool]) {
        self.name = name
        self.members = members
    }

    public var count: Int { members.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// The genes whose symbol contains a match of `pattern` (a regular expression, searched as
    /// Python's `re.search` does).
    public static func matching(_ pattern: String, named name: String, symbols: [String]) throws(GeneSetError) -> GeneSet {
        let regex: Regex<AnyRegexOutput>
        do { regex = try Regex(pattern) } catch { throw GeneSetError(name: name, pattern: pattern, reason: "\(error)") }
        return GeneSet(name: name, members: symbols.map { $0.contains(regex) })
    }
}

/// A gene set's pattern that is not a valid regular expression.
public struct GeneSetError: Error, CustomStringConvertible, Sendable {
    public let name: String
    public let pattern: String
    public let reason: String
    public var description: String { "gene set '\(name)': pattern '\(pattern)' is not a valid regular expression: \(reason)" }
}

/// Per-cell and per-gene quality-control metrics, as `scanpy.pp.calculate_qc_metrics(adata,
/// qc_vars=…, percent_top=…)` computes them (explicit zeros ignored, as its `eliminate_zeros`).
public struct QCMetrics: Sendable {
    public let cells: Int
    public let genes: Int
    /// X's element type: totals are stored in the type numpy's sum gives it.
    public let dtype: H5ElementType
    public let percentTop: [Int]
    public let geneSets: [GeneSet]

    /// Per cell: genes with a nonzero count, total counts, each set's total, and for each of
    /// `percentTop` the share of the total in the cell's N highest counts (NaN when the total is 0).
    public internal(set) var genesByCounts: [Int32]
    public internal(set) var totalCounts: [Double]
    public internal(set) var setTotals: [[Double]]
    public internal(set) var topShares: [[Double]]
    /// Per gene: cells with a nonzero count and the total counts.
    public internal(set) var cellsByCounts: [Int64]
    public internal(set) var geneTotals: [Double]

    /// One streaming pass over X (CSR or dense), `rowsPerChunk` rows at a time, each chunk's rows
    /// shared between two threads. `percentTop` values must lie in 1…genes, as scanpy requires.
    public static func compute(_ file: AnnDataFile, percentTop: [Int] = [50, 100, 200, 500], geneSets: [GeneSet] = [],
                               rowsPerChunk: Int = 1_024) throws -> QCMetrics {
        guard let info = file.x else {
            throw AnnDataError.malformed(file: file.url.path, element: "/X", reason: "no X matrix (quality-control metrics need one)")
        }
        let top = percentTop.sorted()
        if let bad = top.first(where: { $0 < 1 || $0 > info.columns }) {
            throw AnnDataError.malformed(file: file.url.path, element: "/X", reason: "top \(bad) genes asked for, but X has \(info.columns) genes")
        }
        for set in geneSets where set.members.count != info.columns {
            throw AnnDataError.malformed(file: file.url.path, element: "/var", reason: "gene set '\(set.name)' covers \(set.members.count) of \(info.columns) genes")
        }
        var metrics = QCMetrics(cells: info.rows, genes: info.columns, dtype: info.dtype, percentTop: top, geneSets: geneSets)
        var workers = [CellAccumulator(genes: info.columns, top: top, sets: geneSets), CellAccumulator(genes: info.columns, top: top, sets: geneSets)]
        try file.forEachRowChunk(rowsPerChunk: rowsPerChunk) { chunk in
            let half = (chunk.rowCount + 1) / 2
            nonisolated(unsafe) var shared = workers // each thread touches only its own element
            shared.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let workers = buffer
                DispatchQueue.concurrentPerform(iterations: 2) { w in
                    workers[w].add(chunk, rows: w == 0 ? 0..<half : half..<chunk.rowCount)
                }
            }
            workers = shared
            for worker in workers { metrics.take(worker.cells) }
            for w in workers.indices { workers[w].cells.removeAll(keepingCapacity: true) }
        }
        metrics.cellsByCounts = zip(workers[0].cellsByCounts, workers[1].cellsByCounts).map { $0 + $1 }
        metrics.geneTotals = zip(workers[0].geneTotals, workers[1].geneTotals).map { $0 + $1 }
        return metrics
    }

    private init(cells: Int, genes: Int, dtype: H5ElementType, percentTop: [Int], geneSets: [GeneSet]) {
        self.cells = cells
        self.genes = genes
        self.dtype = dtype
        self.percentTop = percentTop
        self.geneSets = geneSets
        genesByCounts = []
        totalCounts = []
        setTotals = geneSets.map { _ in [] }
        topShares = percentTop.map { _ in [] }
        cellsByCounts = []
        geneTotals = []
        genesByCounts.reserveCapacity(cells)
        totalCounts.reserveCapacity(cells)
    }

    /// Appends the cells one worker measured (workers hand theirs over in row order).
    private mutating func take(_ measured: [CellAccumulator.Cell]) {
        for cell in measured {
            genesByCounts.append(cell.genes)
            totalCounts.append(cell.total)
            for s in setTotals.indices { setTotals[s].append(cell.sets[s]) }
            for t in topShares.indices { topShares[t].append(cell.top[t]) }
        }
    }

    /// Each set's share of a cell's counts, in percent (NaN when the cell has none).
    public func setPercent(_ set: Int) -> [Double] {
        zip(setTotals[set], totalCounts).map { $0 / $1 * 100 }
    }
}

/// One thread's share of a pass: the cells of its rows and its own per-gene sums.
struct CellAccumulator {
    struct Cell {
        var genes: Int32
        var total: Double
        var sets: [Double]
        var top: [Double]
    }

    let top: [Int]
    let sets: [GeneSet]
    /// Per gene: whether any set holds it (most genes are in none, and skip the sets' lookup).
    private let inAnySet: [Bool]
    var cells: [Cell] = []
    var cellsByCounts: [Int64]
    var geneTotals: [Double]
    /// A row's nonzero values; those that `histogram` does not count; and per small whole
    /// number, how often the row holds it.
    private var scratch: [Double] = []
    private var others: [Double] = []
    private var histogram = [Int32](repeating: 0, count: TopSums.histogramSize)

    init(genes: Int, top: [Int], sets: [GeneSet]) {
        self.top = top
        self.sets = sets
        inAnySet = (0..<genes).map { column in sets.contains { $0.members[column] } }
        cellsByCounts = [Int64](repeating: 0, count: genes)
        geneTotals = [Double](repeating: 0, count: genes)
    }

    mutating func add(_ chunk: RowChunk, rows: Range<Int>) {
        for k in rows {
            let entries = chunk.entries(ofRow: k)
            if scratch.count < entries.count {
                scratch = [Double](repeating: 0, count: entries.count)
                others = scratch
            }
            var total = 0.0, count = 0, otherCount = 0
            var setSums = [Double](repeating: 0, count: sets.count)
            chunk.values.withUnsafeBufferPointer { values in
                chunk.columns.withUnsafeBufferPointer { columns in
                    cellsByCounts.withUnsafeMutableBufferPointer { cellsByCounts in
                        geneTotals.withUnsafeMutableBufferPointer { geneTotals in
                            scratch.withUnsafeMutableBufferPointer { scratch in
                                others.withUnsafeMutableBufferPointer { others in
                                    histogram.withUnsafeMutableBufferPointer { histogram in
                                        for e in entries {
                                            let value = values[e]
                                            guard value != 0 else { continue }
                                            let column = Int(columns[e])
                                            scratch[count] = value
                                            count += 1
                                            total += value
                                            if value >= 1, value < Double(TopSums.histogramSize), Double(Int(value)) == value {
                                                histogram[Int(value)] += 1
                                            } else {
                                                others[otherCount] = value
                                                otherCount += 1
                                            }
                                            cellsByCounts[column] += 1
                                            geneTotals[column] += value
                                            if inAnySet[column] { for s in sets.indices where sets[s].members[column] { setSums[s] += value } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            cells.append(Cell(genes: Int32(count), total: total, sets: setSums, top: topShares(count: count, otherCount: otherCount, total: total)))
        }
    }

    /// The share of the row's total in its highest 1…N values, for each N of `top`; empties the
    /// histogram for the next row.
    private mutating func topShares(count: Int, otherCount: Int, total: Double) -> [Double] {
        let top = self.top
        let sums: [Double]
        if otherCount * 8 <= count {
            sums = others.withUnsafeMutableBufferPointer { others in
                histogram.withUnsafeBufferPointer { TopSums.merging(top, histogram: $0, others: UnsafeMutableBufferPointer(rebasing: others[0..<otherCount]), count: count) }
            }
        } else {
            sums = scratch.withUnsafeMutableBufferPointer { TopSums.partitioning(top, UnsafeMutableBufferPointer(rebasing: $0[0..<count])) }
        }
        histogram.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        return sums.map { $0 / total }
    }
}

/// The sums of a row's highest 1…N values, for each N of an ascending list.
enum TopSums {
    /// Counts are mostly small whole numbers: those below this are counted, not sorted.
    static let histogramSize = 256

    /// By counting: `histogram[v]` values equal v; `others` (the rest, few) are sorted here and
    /// merged in by size. Linear in the row, plus the histogram's length.
    static func merging(_ top: [Int], histogram: UnsafeBufferPointer<Int32>, others: UnsafeMutableBufferPointer<Double>, count: Int) -> [Double] {
        var others = others
        others.sort(by: >)
        var sums: [Double] = [], sum = 0.0, taken = 0, o = 0
        var v = histogram.count - 1, left = Int(histogram[v])
        for n in top {
            let wanted = min(n, count)
            while taken < wanted {
                while left == 0, v > 1 {
                    v -= 1
                    left = Int(histogram[v])
                }
                if left > 0, o == others.count || Double(v) >= others[o] {
                    let k = min(left, wanted - taken)
                    sum += Double(k) * Double(v)
                    left -= k
                    taken += k
                } else {
                    sum += others[o]
                    o += 1
                    taken += 1
                }
            }
            sums.append(sum)
        }
        return sums
    }

    /// By nested partitions of `values` (reordered), largest N first: each brings the N highest
    /// values to the front, and only their sums are needed, not their order.
    static func partitioning(_ top: [Int], _ values: UnsafeMutableBufferPointer<Double>) -> [Double] {
        var prefix = values.count
        for n in top.reversed() where n < prefix {
            TopSelection.partition(UnsafeMutableBufferPointer(rebasing: values[0..<prefix]), keepingLargest: n)
            prefix = n
        }
        var sums: [Double] = []
        var sum = 0.0, taken = 0
        for n in top {
            while taken < min(n, values.count) {
                sum += values[taken]
                taken += 1
            }
            sums.append(sum)
        }
        return sums
    }
}

/// Quickselect: moves the `k` largest values to the front (in no order), in linear time on average.
enum TopSelection {
    static func partition(_ values: UnsafeMutableBufferPointer<Double>, keepingLargest k: Int) {
        var lo = 0, hi = values.count - 1
        while lo < hi {
            // Median of three as the pivot keeps sorted and constant runs from going quadratic.
            let mid = lo + (hi - lo) / 2
            let pivot = Swift.max(Swift.min(values[lo], values[mid]), Swift.min(Swift.max(values[lo], values[mid]), values[hi]))
            var i = lo, j = hi
            while i <= j {
                while values[i] > pivot { i += 1 }
                while values[j] < pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k - 1 <= j { hi = j } else if k - 1 >= i { lo = i } else { return }
        }
    }
}
