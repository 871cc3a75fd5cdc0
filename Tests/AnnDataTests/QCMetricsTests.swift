import Foundation
import Testing
import TestSupport
@testable import AnnData

/// `QCMetrics` against scanpy's `calculate_qc_metrics` on files written by anndata: float32,
/// float64, int32 and dense X, cells with no counts, explicit zeros, and a gene set matching nothing.
@Suite("QC metrics")
struct QCMetricsTests {
    /// Writes csr32.h5ad (float32 CSR with explicit zeros and three empty cells), csr64.h5ad
    /// (fractional float64), int.h5ad (int32 CSR) and dense.h5ad (dense float32), 60 cells × 530 genes.
    static let fixtures = #"""
import sys, os, warnings
import numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
warnings.simplefilter("ignore")
out = sys.argv[1]
rng = np.random.default_rng(11)
n, m = 60, 530
x = rng.poisson(1.5, size=(n, m)).astype(np.float32) * (rng.random((n, m)) < 0.5)
x[[3, 17, 40]] = 0
var = pd.DataFrame(index=pd.Index(["ENSMUSG%05d" % i for i in range(m)], name="gene_identifier"))
var["gene_symbol"] = ["mt-Gene%d" % i if i % 37 == 0 else "Gene%d" % i for i in range(m)]
obs = pd.DataFrame(index=pd.Index(["cell%d" % i for i in range(n)], name="cell_label"))
obs["dataset_label"] = pd.Categorical(["10Xv2" if i % 3 else "10Xv3" for i in range(n)])
csr = sp.csr_matrix(x)
csr.data[::50] = 0  # explicit zeros: scanpy's eliminate_zeros drops them
ad.AnnData(X=csr, obs=obs, var=var).write_h5ad(os.path.join(out, "csr32.h5ad"))
ad.AnnData(X=sp.csr_matrix(x.astype(np.float64) * 0.37), obs=obs, var=var).write_h5ad(os.path.join(out, "csr64.h5ad"))
ad.AnnData(X=sp.csr_matrix(x.astype(np.int32)), obs=obs, var=var).write_h5ad(os.path.join(out, "int.h5ad"))
ad.AnnData(X=x, obs=obs, var=var).write_h5ad(os.path.join(out, "dense.h5ad"))
"""#

    /// Compares every obs and var column scanpy adds (qc_vars mt and none) with ours in `ours`.
    static let compare = #"""
import sys, warnings
import numpy as np, anndata as ad, scanpy as sc
warnings.simplefilter("ignore")
src, ours = ad.read_h5ad(sys.argv[1]), ad.read_h5ad(sys.argv[2])
src.var["mt"] = src.var["gene_symbol"].str.contains("^mt-")
src.var["none"] = src.var["gene_symbol"].str.contains("^xyz-")
sc.pp.calculate_qc_metrics(src, qc_vars=["mt", "none"], inplace=True)
for frame, want, got in (("obs", src.obs, ours.obs), ("var", src.var, ours.var)):
    assert list(got.columns) == list(want.columns), (frame, list(got.columns), list(want.columns))
    for c in want.columns:
        if want[c].dtype.kind not in "fiub":
            continue
        a, b = want[c].to_numpy(dtype=np.float64), got[c].to_numpy(dtype=np.float64)
        assert np.allclose(a, b, rtol=1e-5, atol=1e-6, equal_nan=True), (frame, c, a[:5], b[:5])
assert np.isnan(ours.obs["pct_counts_in_top_50_genes"].iloc[3]), "a cell without counts has NaN shares"
assert (ours.obs["total_counts_none"] == 0).all()
print(len(want.columns))
"""#

    @Test("equal scanpy's calculate_qc_metrics for float32, float64, int32 and dense X", arguments: ["csr32", "csr64", "int", "dense"])
    func equalScanpy(name: String) throws {
        let dir = try TestPaths.temporaryDirectory("qc")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestPython.run(Self.fixtures, arguments: [dir.path])
        let source = dir.appendingPathComponent("\(name).h5ad"), output = dir.appendingPathComponent("out.h5ad")
        let file = try AnnDataFile(url: source)
        let symbols = try file.varColumn("gene_symbol")
        let names = (0..<symbols.count).map { symbols.text(at: $0) ?? "" }
        let sets = [try GeneSet.matching("^mt-", named: "mt", symbols: names), try GeneSet.matching("^xyz-", named: "none", symbols: names)]
        #expect(sets.map(\.count) == [15, 0])
        // Small chunks: rows of one pass fall in several chunks, and each chunk in two halves.
        let metrics = try QCMetrics.compute(file, geneSets: sets, rowsPerChunk: 7)
        _ = try ColumnUpdate.write(source: source, output: output, obs: metrics.obsColumns, var: metrics.varColumns)
        let checked = try TestPython.run(Self.compare, arguments: [source.path, output.path])
        #expect(checked.trimmingCharacters(in: .whitespacesAndNewlines) == "9")
    }

    @Test("replacing the source in place keeps it an h5ad anndata opens, columns replaced not doubled")
    func inPlace() throws {
        let dir = try TestPaths.temporaryDirectory("qc")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestPython.run(Self.fixtures, arguments: [dir.path])
        let source = dir.appendingPathComponent("int.h5ad")
        for _ in 0..<2 {
            let metrics = try QCMetrics.compute(try AnnDataFile(url: source), percentTop: [50])
            _ = try ColumnUpdate.write(source: source, output: source, obs: metrics.obsColumns, var: metrics.varColumns)
        }
        let columns = try TestPython.run("import sys, anndata as ad; a = ad.read_h5ad(sys.argv[1]); print(','.join(a.obs.columns))", arguments: [source.path])
        #expect(columns.trimmingCharacters(in: .newlines)
            == "dataset_label,n_genes_by_counts,log1p_n_genes_by_counts,total_counts,log1p_total_counts,pct_counts_in_top_50_genes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test("a file without X, and a top N beyond the genes, are named")
    func errors() throws {
        let dir = try TestPaths.temporaryDirectory("qc")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestPython.run(Self.fixtures, arguments: [dir.path])
        let noX = dir.appendingPathComponent("nox.h5ad")
        try TestPython.run("import sys, anndata as ad, pandas as pd; ad.AnnData(obs=pd.DataFrame(index=['a', 'b'])).write_h5ad(sys.argv[1])",
                           arguments: [noX.path])
        let missing = #expect(throws: AnnDataError.self) { try QCMetrics.compute(try AnnDataFile(url: noX)) }
        #expect("\(missing!)".contains("nox.h5ad: /X: not valid AnnData: no X matrix"))
        let tooMany = #expect(throws: AnnDataError.self) {
            try QCMetrics.compute(try AnnDataFile(url: dir.appendingPathComponent("int.h5ad")), percentTop: [50, 1000])
        }
        #expect("\(tooMany!)".contains("top 1000 genes asked for, but X has 530 genes"))
        #expect(throws: GeneSetError.self) { try GeneSet.matching("^mt-(", named: "mt", symbols: ["mt-a"]) }
    }

    /// Counting (small whole numbers) merged with the sorted rest, and nested partitions, each
    /// give the sums a full sort gives, on rows mixing counts, large counts, fractions, negatives.
    @Test("top-N sums by counting and by partitioning equal those of a sorted row")
    func topSums() {
        var generator = SystemRandomNumberGenerator()
        let top = [1, 5, 50, 100]
        for length in [0, 1, 7, 60, 99, 100, 101, 400] {
            let row: [Double] = (0..<length).map { k in
                switch k % 11 {
                case 0: Double(Int.random(in: 256...5_000, using: &generator))
                case 1: Double.random(in: -3...300, using: &generator)
                case 2: -Double(Int.random(in: 1...9, using: &generator))
                default: Double(Int.random(in: 1...255, using: &generator))
                }
            }
            let sorted = row.sorted(by: >)
            let expected = top.map { n in sorted.prefix(n).reduce(0, +) }
            var histogram = [Int32](repeating: 0, count: TopSums.histogramSize)
            var others: [Double] = []
            for value in row {
                if value >= 1, value < Double(TopSums.histogramSize), value.rounded() == value { histogram[Int(value)] += 1 } else { others.append(value) }
            }
            let merged = histogram.withUnsafeBufferPointer { h in
                others.withUnsafeMutableBufferPointer { TopSums.merging(top, histogram: h, others: $0, count: row.count) }
            }
            var values = row
            let partitioned = values.withUnsafeMutableBufferPointer { TopSums.partitioning(top, $0) }
            for (got, want) in [merged, partitioned].flatMap({ zip($0, expected) }) {
                #expect(abs(got - want) <= 1e-9 * max(1, abs(want)), "row of \(length): \(got) ≠ \(want)")
            }
        }
    }
}
