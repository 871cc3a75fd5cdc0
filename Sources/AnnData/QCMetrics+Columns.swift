import Foundation
import HDF5Kit

extension QCMetrics {
    /// The obs columns scanpy adds, in its order and with the dtypes it gives them.
    public var obsColumns: [(name: String, column: DataFrameColumn)] {
        let total = sumType
        var columns: [(String, DataFrameColumn)] = [
            ("n_genes_by_counts", .integers(genesByCounts.map(Int64.init), .int32)),
            ("log1p_n_genes_by_counts", .floats(genesByCounts.map { log1p(Double($0)) }, .float64)),
            ("total_counts", total.column(totalCounts)),
            ("log1p_total_counts", .floats(totalCounts.map(log1p), total.floatType)),
        ]
        for (n, shares) in zip(percentTop, topShares) {
            columns.append(("pct_counts_in_top_\(n)_genes", .floats(shares.map { $0 * 100 }, .float64)))
        }
        for (s, set) in geneSets.enumerated() {
            columns.append(("total_counts_\(set.name)", total.column(setTotals[s])))
            columns.append(("log1p_total_counts_\(set.name)", .floats(setTotals[s].map(log1p), total.floatType)))
            columns.append(("pct_counts_\(set.name)", .floats(setPercent(s), total.floatType)))
        }
        return columns
    }

    /// Each gene set's membership (the boolean column scanpy's `qc_vars` names), then the var
    /// columns scanpy adds.
    public var varColumns: [(name: String, column: DataFrameColumn)] {
        let total = sumType
        let means = geneTotals.map { $0 / Double(max(cells, 1)) }
        var columns: [(String, DataFrameColumn)] = geneSets.map { ($0.name, .bools($0.members)) }
        columns += [
            ("n_cells_by_counts", .integers(cellsByCounts, .int64)),
            ("mean_counts", .floats(means, .float64)),
            ("log1p_mean_counts", .floats(means.map(log1p), .float64)),
            ("pct_dropout_by_counts", .floats(cellsByCounts.map { (1 - Double($0) / Double(cells)) * 100 }, .float64)),
            ("total_counts", total.column(geneTotals)),
            ("log1p_total_counts", .floats(geneTotals.map(log1p), total.floatType)),
        ]
        return columns
    }

    /// numpy's sum of X's dtype: float32 and float64 stay, integers and bools become int64.
    private var sumType: SumType { dtype == .float32 ? .float32 : dtype == .float64 ? .float64 : .int64 }

    private enum SumType {
        case float32, float64, int64

        func column(_ values: [Double]) -> DataFrameColumn {
            switch self {
            case .float32: .floats(values, .float32)
            case .float64: .floats(values, .float64)
            case .int64: .integers(values.map { Int64($0.rounded()) }, .int64)
            }
        }

        /// What numpy's log1p (and a ratio) of such sums gives.
        var floatType: H5ElementType { self == .float32 ? .float32 : .float64 }
    }
}
