import AnnData
import Foundation
import Testing
import TestSupport
@testable import TenXExport

/// 10x folders written from h5ad files anndata wrote, read back by scanpy, R's Matrix and Seurat.
@Suite("10x export")
struct TenXExportTests {
    /// int.h5ad (int32 CSR counts, an empty cell, explicit zeros), real.h5ad (fractional float32
    /// CSR), dense.h5ad (dense float32 counts), zeros.h5ad (int32 CSR storing every entry, most of
    /// them explicit zeros: the entry count has fewer digits than the stored one), late.h5ad
    /// (float32 counts, whole numbers but for one value in the last cell): 45 cells × 70 genes,
    /// var ids and symbols, obs with text needing CSV quotes.
    static let fixtures = #"""
import sys, os, warnings
import numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
warnings.simplefilter("ignore")
out = sys.argv[1]
rng = np.random.default_rng(5)
n, m = 45, 70
x = (rng.poisson(2.0, size=(n, m)) * (rng.random((n, m)) < 0.3)).astype(np.float32)
x[7] = 0
x[0, 0] = 123456
var = pd.DataFrame(index=pd.Index(["ENSMUSG%05d" % i for i in range(m)], name="gene_identifier"))
var["gene_symbol"] = ["Gene%d" % (i % 60) for i in range(m)]  # repeated symbols, as in the atlas
obs = pd.DataFrame(index=pd.Index(["AAAC%03d-1_A%d" % (i, i % 4) for i in range(n)], name="cell_label"))
obs["dataset_label"] = pd.Categorical(["10Xv2" if i % 2 else "10Xv3" for i in range(n)])
obs["note"] = ['say "hi", then go' if i == 2 else "plain" for i in range(n)]
obs["score"] = np.linspace(0, 1, n)
counts = sp.csr_matrix(x.astype(np.int32))
counts.data[::40] = 0
ad.AnnData(X=counts, obs=obs, var=var).write_h5ad(os.path.join(out, "int.h5ad"))
ad.AnnData(X=sp.csr_matrix(x * np.float32(0.25) + (x > 0) * np.float32(0.1)), obs=obs, var=var).write_h5ad(os.path.join(out, "real.h5ad"))
ad.AnnData(X=x, obs=obs, var=var).write_h5ad(os.path.join(out, "dense.h5ad"))
zeros = sp.csr_matrix(np.ones((n, m), dtype=np.int32))
zeros.data[np.arange(zeros.data.size) % 37 != 0] = 0
ad.AnnData(X=zeros, obs=obs, var=var).write_h5ad(os.path.join(out, "zeros.h5ad"))
late = x.copy()
late[n - 1, np.flatnonzero(late[n - 1])[-1]] = 0.5
ad.AnnData(X=sp.csr_matrix(late), obs=obs, var=var).write_h5ad(os.path.join(out, "late.h5ad"))
"""#

    /// scanpy.read_10x_mtx (or mmread and the plain files) gives the h5ad's matrix, cells and genes.
    static let readBack = #"""
import sys, os, warnings
import numpy as np, pandas as pd, scipy.io, scanpy as sc, anndata as ad
warnings.simplefilter("ignore")
src, folder, compressed = ad.read_h5ad(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
x = src.X.toarray() if hasattr(src.X, "toarray") else np.asarray(src.X)
if compressed:
    got = sc.read_10x_mtx(folder, var_names="gene_ids")
    assert list(got.var_names) == list(src.var_names)
    assert list(got.var["gene_symbols"]) == list(src.var["gene_symbol"])
    assert set(got.var["feature_types"]) == {"Gene Expression"}
    assert list(got.obs_names) == list(src.obs_names)
    y = got.X.toarray()
else:
    y = scipy.io.mmread(os.path.join(folder, "expression_matrix.mtx")).T.toarray()
    feats = pd.read_csv(os.path.join(folder, "features.tsv"), sep="\t", header=None)
    assert list(feats[0]) == list(src.var_names) and list(feats[1]) == list(src.var["gene_symbol"])
    assert open(os.path.join(folder, "barcodes.tsv")).read().split("\n")[:-1] == list(src.obs_names)
assert y.shape == x.shape and np.array_equal(y.astype(np.float32), x.astype(np.float32)), "matrix differs"
cells = pd.read_csv(os.path.join(folder, "cell_metadata.csv"), index_col=0)
assert cells.index.name == "cell_label" and list(cells.index) == list(src.obs_names)
assert list(cells["note"]) == list(src.obs["note"]) and np.allclose(cells["score"], src.obs["score"])
genes = pd.read_csv(os.path.join(folder, "gene_metadata.csv"), index_col=0)
assert list(genes.index) == list(src.var_names) and list(genes["gene_symbol"]) == list(src.var["gene_symbol"])
print("ok")
"""#

    /// R: readMM and Read10X give the same matrix (written back with writeMM for Python to compare)
    /// and names; CreateSeuratObject with the cell metadata counts every cell and gene.
    static let rCheck = #"""
suppressMessages({library(Matrix); library(Seurat)})
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
m <- readMM(file.path(folder, "matrix.mtx.gz"))
s <- Read10X(folder, gene.column = 1)
stopifnot(identical(dim(m), dim(s)), all(as(m, "CsparseMatrix") == s))
invisible(writeMM(as(m, "CsparseMatrix"), args[2]))
writeLines(colnames(s), args[3])
writeLines(rownames(s), args[4])
meta <- read.csv(file.path(folder, "cell_metadata.csv"), row.names = 1)
obj <- CreateSeuratObject(counts = s, meta.data = meta, project = "atlasweave", min.cells = 0, min.features = 0)
stopifnot(ncol(obj) == ncol(m), nrow(obj) == nrow(m), all(obj$dataset_label == meta[colnames(obj), "dataset_label"]))
cat(ncol(obj), nrow(obj), sum(obj$nCount_RNA), "\n")
"""#

    static let compareR = #"""
import sys, numpy as np, scipy.io, anndata as ad
src = ad.read_h5ad(sys.argv[1])
x = src.X.toarray() if hasattr(src.X, "toarray") else np.asarray(src.X)
y = scipy.io.mmread(sys.argv[2]).T.toarray()
assert np.array_equal(y.astype(np.float32), x.astype(np.float32)), "R's matrix differs"
assert open(sys.argv[3]).read().split() == list(src.obs_names)
ids = [g.replace("_", "-") for g in src.var_names]  # Seurat's feature names
assert open(sys.argv[4]).read().split() == ids
print(int(x.shape[0]), int(x.shape[1]), x.sum())
"""#

    private func export(_ name: String, compress: Bool, in dir: URL) throws -> (URL, URL, TenXExport.Summary) {
        let source = dir.appendingPathComponent("\(name).h5ad"), folder = dir.appendingPathComponent("out-\(name)")
        // Small chunks: a pass spans several chunks, each formatted in two halves.
        let summary = try TenXExport(source: source, folder: folder, compress: compress, rowsPerChunk: 6).write()
        return (source, folder, summary)
    }

    @Test("scanpy.read_10x_mtx reads the compressed folder as the h5ad", arguments: ["int", "real", "dense", "zeros", "late"])
    func scanpyReadsIt(name: String) throws {
        let dir = try TestPaths.temporaryDirectory("tenx")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestPython.run(Self.fixtures, arguments: [dir.path])
        let (source, folder, summary) = try export(name, compress: true, in: dir)
        #expect(summary.integer == !["real", "late"].contains(name))
        #expect(summary.files.map(\.name) == TenXExport.Names.compressed.all)
        #expect(try TestPython.run(Self.readBack, arguments: [source.path, folder.path, "1"]).contains("ok"))
    }

    /// The size line states the entries written, padded with spaces to the width of the stored
    /// entries' count when explicit zeros made it shorter (zeros: 3,150 stored, 86 written).
    @Test("compress false writes the seed's plain file names, read by mmread", arguments: [("int", "integer", 0), ("zeros", "integer", 2), ("late", "real", 0)])
    func plainFiles(name: String, field: String, padding: Int) throws {
        let dir = try TestPaths.temporaryDirectory("tenx")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestPython.run(Self.fixtures, arguments: [dir.path])
        let (source, folder, summary) = try export(name, compress: false, in: dir)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == Set(TenXExport.Names.plain.all))
        let header = try String(contentsOf: folder.appendingPathComponent("expression_matrix.mtx"), encoding: .utf8).prefix(80)
        let size = "70 45 \(summary.nnz)" + String(repeating: " ", count: padding)
        #expect(header.hasPrefix("%%MatrixMarket matrix coordinate \(field) general\n\(size)\n"))
        #expect(try TestPython.run(Self.readBack, arguments: [source.path, folder.path, "0"]).contains("ok"))
    }

    @Test("R's readMM, Seurat's Read10X and CreateSeuratObject read the folder as the h5ad",
          .enabled(if: TestR.hasSeurat, Comment(rawValue: TestR.seuratSkipReason)), arguments: ["int", "real", "zeros"])
    func rReadsIt(name: String) throws {
        let dir = try TestPaths.temporaryDirectory("tenx")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestPython.run(Self.fixtures, arguments: [dir.path])
        let (source, folder, _) = try export(name, compress: true, in: dir)
        let files = ["r.mtx", "cells.txt", "genes.txt"].map { dir.appendingPathComponent($0).path }
        let seurat = try TestR.run(Self.rCheck, arguments: [folder.path] + files).split(separator: " ")
        let python = try TestPython.run(Self.compareR, arguments: [source.path] + files).split(separator: " ")
        #expect(seurat.prefix(2) == python.prefix(2))
        let totals = [seurat[2], python[2]].map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect(abs(totals[0] - totals[1]) <= 1e-6 * totals[1]) // numpy sums float32 in float32
    }

    @Test("a file or a foreign folder at the output is in the way; an earlier export is replaced")
    func destination() throws {
        let dir = try TestPaths.temporaryDirectory("tenx")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestPython.run(Self.fixtures, arguments: [dir.path])
        let folder = dir.appendingPathComponent("out-int")
        try Data("x".utf8).write(to: folder)
        let file = #expect(throws: ExportError.self) { try export("int", compress: true, in: dir) }
        #expect("\(file!)".contains("out-int: is in the way: a file"))
        try FileManager.default.removeItem(at: folder)
        _ = try export("int", compress: true, in: dir)
        _ = try export("int", compress: false, in: dir) // replaces the earlier export whole
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == Set(TenXExport.Names.plain.all))
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let foreign = #expect(throws: ExportError.self) { try export("int", compress: true, in: dir) }
        #expect("\(foreign!)".contains("holds files an export does not write (notes.txt)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }
}
