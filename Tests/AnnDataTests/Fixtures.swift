import Foundation
import TestSupport

/// h5ad fixtures written by the real anndata (and one by h5py in anndata 0.7's layout), and the
/// reference check that compares our concatenation with `anndata.concat`.
enum Fixtures {
    /// Writes m1 (CSR), m2 (gzip CSR, same genes), m3 (dense X, same genes), m4 (CSR, other genes,
    /// extra and nullable obs columns), m5 (CSR, m1's genes reversed), m6 (int32 CSR) and old (dataframe 0.1.0,
    /// written by hand with h5py) into `dir`.
    static func write(into dir: URL) throws {
        try TestPython.run(script, arguments: [dir.path])
    }

    private static let script = #"""
import sys, os, warnings
import numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad, h5py
warnings.simplefilter("ignore")
out = sys.argv[1]
rng = np.random.default_rng(7)

def matrix(n, m, density=0.4, dtype=np.float32):
    x = rng.poisson(2.0, size=(n, m)).astype(dtype)
    x[rng.random((n, m)) > density] = 0
    return x

def var(genes):
    v = pd.DataFrame(index=pd.Index(genes, name="gene_identifier"))
    v["gene_symbol"] = [g.replace("ENSG", "Sym") for g in genes]
    return v

def obs(cells, library):
    o = pd.DataFrame(index=pd.Index(cells, name="cell_label"))
    o["cell_barcode"] = [c + "-bc" for c in cells]
    o["library_label"] = pd.Categorical([library[i % len(library)] for i in range(len(cells))])
    o["n_genes"] = np.arange(len(cells), dtype=np.int32) * 10
    o["score"] = np.linspace(0, 1, len(cells)).astype(np.float32)
    o["flag"] = np.array([i % 2 == 0 for i in range(len(cells))])
    return o

genes = ["ENSG%03d" % i for i in (5, 1, 9, 3, 7, 2)]
a = ad.AnnData(X=sp.csr_matrix(matrix(8, 6)), obs=obs(["a%d" % i for i in range(8)], ["L10", "L9"]), var=var(genes))
a.uns["normalization"] = "raw"
a.write_h5ad(os.path.join(out, "m1.h5ad"))
b = ad.AnnData(X=sp.csr_matrix(matrix(5, 6)), obs=obs(["b%d" % i for i in range(5)], ["L2"]), var=var(genes))
b.write_h5ad(os.path.join(out, "m2.h5ad"), compression="gzip")
c = ad.AnnData(X=matrix(4, 6), obs=obs(["c%d" % i for i in range(4)], ["L1", "L3"]), var=var(genes))
c.write_h5ad(os.path.join(out, "m3.h5ad"))
genes4 = ["ENSG%03d" % i for i in (0, 2, 9, 4)]
o4 = obs(["d%d" % i for i in range(6)], ["L9", "L11"])
o4["region"] = pd.Categorical(["HY", "TH", "HY", "MB", "TH", "HY"])
o4["umi"] = pd.array([1, None, 3, 4, None, 6], dtype="Int64")
o4 = o4.drop(columns=["flag"])
d = ad.AnnData(X=sp.csr_matrix(matrix(6, 4)), obs=o4, var=var(genes4))
d.write_h5ad(os.path.join(out, "m4.h5ad"))

e = ad.AnnData(X=sp.csr_matrix(matrix(4, 6)), obs=obs(["e%d" % i for i in range(4)], ["L9"]), var=var(genes[::-1]))
e.write_h5ad(os.path.join(out, "m5.h5ad"))
f6 = ad.AnnData(X=sp.csr_matrix(matrix(3, 6, dtype=np.int32)), obs=obs(["f%d" % i for i in range(3)], ["L9"]), var=var(genes))
f6.write_h5ad(os.path.join(out, "m6.h5ad"))

# anndata 0.7's layout: dataframe 0.1.0, categorical codes with a `categories` reference.
x = sp.csr_matrix(matrix(3, 6))
with h5py.File(os.path.join(out, "old.h5ad"), "w") as f:
    f.attrs["encoding-type"] = "anndata"; f.attrs["encoding-version"] = "0.1.0"
    X = f.create_group("X")
    X.attrs["encoding-type"] = "csr_matrix"; X.attrs["encoding-version"] = "0.1.0"; X.attrs["shape"] = np.array(x.shape)
    X["data"] = x.data; X["indices"] = x.indices; X["indptr"] = x.indptr
    s = h5py.string_dtype()
    for name, index, labels, cols in [("obs", "cell_label", ["o0", "o1", "o2"], True), ("var", "gene_identifier", genes, False)]:
        g = f.create_group(name)
        g.attrs["encoding-type"] = "dataframe"; g.attrs["encoding-version"] = "0.1.0"
        g.attrs["_index"] = index
        g.create_dataset(index, data=np.array(labels, dtype=object), dtype=s)
        if cols:
            g.attrs["column-order"] = np.array(["library_label", "n_genes"], dtype=object)
            cats = g.create_group("__categories").create_dataset("library_label", data=np.array(["L1", "L7"], dtype=object), dtype=s)
            codes = g.create_dataset("library_label", data=np.array([1, 0, 1], dtype=np.int8))
            codes.attrs["categories"] = cats.ref
            g["n_genes"] = np.array([5, 6, 7], dtype=np.int32)
        else:
            g.attrs["column-order"] = np.array(["gene_symbol"], dtype=object)
            g.create_dataset("gene_symbol", data=np.array([x.replace("ENSG", "Sym") for x in genes], dtype=object), dtype=s)
    f.create_group("uns")
"""#

    /// Checks in Python that `output` opens with anndata and equals `anndata.concat` of the same
    /// selections (X values and dtype, obs_names, var_names and columns, obs columns).
    static func checkConcat(output: URL, parts: [(URL, [String])]) throws {
        let spec = parts.map { "\($0.0.path)\t\($0.1.joined(separator: ","))" }.joined(separator: "\n")
        try TestPython.run(#"""
import sys, warnings, tempfile, os
import numpy as np, pandas as pd, anndata as ad, scipy.sparse as sp
warnings.simplefilter("ignore")
ours = ad.read_h5ad(sys.argv[1])
parts = []
for line in sys.argv[2].splitlines():
    path, cells = line.split("\t")
    a = ad.read_h5ad(path)
    keep = [c for c in cells.split(",") if c in a.obs_names]
    parts.append(a[keep])
expected = ad.concat(parts, axis=0, join="outer", merge="same")
tmp = os.path.join(tempfile.mkdtemp(), "expected.h5ad")
expected.write_h5ad(tmp)
expected = ad.read_h5ad(tmp)
assert list(ours.obs_names) == list(expected.obs_names), (list(ours.obs_names), list(expected.obs_names))
assert list(ours.var_names) == list(expected.var_names), (list(ours.var_names), list(expected.var_names))
assert ours.obs.index.name == expected.obs.index.name and ours.var.index.name == expected.var.index.name
ox = ours.X.toarray() if sp.issparse(ours.X) else ours.X
ex = expected.X.toarray() if sp.issparse(expected.X) else expected.X
assert sp.issparse(ours.X) and ours.X.format == "csr"
assert ox.dtype == ex.dtype, (ox.dtype, ex.dtype)
np.testing.assert_array_equal(ox, ex)
pd.testing.assert_frame_equal(ours.var, expected.var)
pd.testing.assert_frame_equal(ours.obs, expected.obs)
print("ok")
"""#, arguments: [output.path, spec])
    }
}
