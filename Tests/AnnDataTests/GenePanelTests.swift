import AnnData
import Foundation
import Testing
import TestSupport

/// Gene panels read by `GenePanelReader` against anndata's `adata[cells, genes].X` on matrices
/// written by anndata: CSR, gzip CSR, dense, int32, and a gene set that lacks panel genes.
@Suite(.serialized) struct GenePanelTests {
    static let panel = ["G07", "G02", "G11", "G00", "G05"]

    /// Writes the fixtures into `dir` and returns, per file, anndata's panel for the cells asked:
    /// the cells found, in the matrix's row order, and their rows (a gene the matrix lacks is 0).
    private func fixtures(_ dir: URL, cells: [String: [String]]) throws -> [String: (cells: [String], values: [[Float]])] {
        let request = cells.map { "\($0.key)\t\($0.value.joined(separator: ","))" }.joined(separator: "\n")
        let out = try TestPython.run(#"""
import sys, os, json, warnings
import numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
warnings.simplefilter("ignore")
out, panel = sys.argv[1], sys.argv[2].split(",")
rng = np.random.default_rng(11)
def make(name, genes, n, dense=False, dtype=np.float32, compression=None):
    x = rng.poisson(1.5, size=(n, len(genes))).astype(dtype)
    x[rng.random(x.shape) > 0.5] = 0
    obs = pd.DataFrame(index=pd.Index(["%s-%d" % (name, i) for i in range(n)], name="cell_label"))
    var = pd.DataFrame({"gene_symbol": ["S" + g for g in genes]}, index=pd.Index(genes, name="gene_identifier"))
    a = ad.AnnData(X=x if dense else sp.csr_matrix(x), obs=obs, var=var)
    a.write_h5ad(os.path.join(out, name + ".h5ad"), compression=compression)
genes = ["G%02d" % i for i in range(14)]
make("csr", genes, 40)
make("gz", genes[::-1], 30, compression="gzip")
make("dense", genes, 12, dense=True)
make("int", genes, 9, dtype=np.int32)
make("fewer", [g for g in genes if g not in ("G02", "G05")], 20)
result = {}
for line in sys.argv[3].splitlines():
    name, wanted = line.split("\t")
    a = ad.read_h5ad(os.path.join(out, name + ".h5ad"))
    listed = set(wanted.split(","))
    cells = [c for c in a.obs_names if c in listed]  # in the matrix's row order
    present = [g for g in panel if g in a.var_names]
    sub = a[cells, present].X
    sub = sub.toarray() if sp.issparse(sub) else np.asarray(sub)
    full = np.zeros((len(cells), len(panel)), dtype=np.float64)
    for j, g in enumerate(panel):
        if g in present:
            full[:, j] = sub[:, present.index(g)]
    result[name] = {"cells": cells, "values": full.tolist()}
print(json.dumps(result))
"""#, arguments: [dir.path, Self.panel.joined(separator: ","), request])
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: [String: Any]]
        return json.mapValues { entry in
            ((entry["cells"] as! [String]), (entry["values"] as! [[Double]]).map { $0.map(Float.init) })
        }
    }

    @Test("values equal adata[cells, genes].X: CSR, gzip, dense, int32, absent genes, missing cells, any order")
    func equalsAnnData() throws {
        let dir = try TestPaths.temporaryDirectory("gene-panel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cells: [String: [String]] = [
            "csr": ["csr-39", "csr-3", "nope", "csr-17", "csr-0", "csr-3b", "csr-22"],
            "gz": ["gz-29", "gz-1", "gz-2", "missing"],
            "dense": ["dense-11", "dense-4", "dense-0"],
            "int": ["int-8", "int-2"],
            "fewer": ["fewer-5", "fewer-19", "x", "fewer-0"],
        ]
        let expected = try fixtures(dir, cells: cells)
        for (name, wanted) in cells {
            for blockRows in [GenePanelReader.blockRows, 7] {
                let (panel, found, values) = try Self.read(dir.appendingPathComponent("\(name).h5ad"), cells: wanted, blockRows: blockRows)
                let want = expected[name]!
                #expect(found == want.cells, "\(name)")
                #expect(panel.requested == Set(wanted).count)
                #expect(panel.found == want.cells.count)
                let rows = stride(from: 0, to: values.count, by: Self.panel.count).map { Array(values[$0..<($0 + Self.panel.count)]) }
                #expect(rows == want.values, "\(name)")
                let nonzero = (0..<Self.panel.count).map { g in want.values.filter { $0[g] != 0 }.count }
                #expect(panel.nonzero == nonzero, "\(name)")
                let sums = (0..<Self.panel.count).map { g in want.values.reduce(0.0) { $0 + Double($1[g]) } }
                #expect(panel.sum == sums, "\(name)")
                #expect(panel.max == (0..<Self.panel.count).map { g in want.values.map { $0[g] }.max() ?? 0 }, "\(name)")
                #expect(panel.absentGenes == (name == "fewer" ? ["G02", "G05"] : []), "\(name)")
            }
        }
    }

    @Test("a matrix larger than one read window: scattered and neighbouring rows, runs of values, float64")
    func manyWindows() throws {
        let dir = try TestPaths.temporaryDirectory("gene-panel-windows")
        defer { try? FileManager.default.removeItem(at: dir) }
        // 3,000 rows of ~300 entries (~900,000, over fourteen 65,536-entry windows), float64 values.
        let out = try TestPython.run(#"""
import sys, os, json, warnings
import numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
warnings.simplefilter("ignore")
rng = np.random.default_rng(5)
x = sp.random(3000, 1000, density=0.3, format="csr", random_state=rng, dtype=np.float64)
x.data = np.round(x.data * 100) + 1
names = ["c%d" % i for i in range(3000)]
a = ad.AnnData(X=x, obs=pd.DataFrame(index=pd.Index(names, name="cell_label")),
               var=pd.DataFrame(index=pd.Index(["g%d" % i for i in range(1000)], name="gene_identifier")))
a.write_h5ad(os.path.join(sys.argv[1], "big.h5ad"))
cells = [names[i] for i in sorted(set(range(0, 3000, 7)) | set(range(1200, 1900)))]
genes = ["g999", "g3", "g500", "g0", "g501"]
print(json.dumps({"cells": cells, "genes": genes, "values": a[cells, genes].X.toarray().tolist()}))
"""#, arguments: [dir.path])
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        let cells = json["cells"] as! [String], genes = json["genes"] as! [String]
        // Listed in another order than the matrix's; blocks of 1,000 rows, and of one.
        for blockRows in [1_000, 1] {
            let (panel, found, values) = try Self.read(dir.appendingPathComponent("big.h5ad"), cells: cells.reversed(), genes: genes,
                                                       blockRows: blockRows)
            #expect(found == cells)
            #expect(values == (json["values"] as! [[Double]]).flatMap { $0.map(Float.init) })
            #expect(panel.dtype == .float64)
        }
    }

    /// A matrix's panel through `GenePanelReader`: the statistics, and the blocks' cells and values joined.
    private static func read(_ matrix: URL, cells: [String], genes: [String] = panel,
                             blockRows: Int) throws -> (MatrixPanel, [String], [Float]) {
        var found: [String] = [], values: [Float] = []
        let panel = try GenePanelReader.read(matrix: matrix, cells: NameSet(names: cells), genes: genes, blockRows: blockRows) { block in
            found += (0..<block.count).map(block.name)
            values += block.values
        }
        return (panel, found, values)
    }

    @Test("symbols and identifiers resolve through gene.csv; a repeated symbol warns; unknown names suggest")
    func catalog() throws {
        let catalog = GeneCatalog(identifiers: ["ENSMUSG1", "ENSMUSG2", "ENSMUSG3", "ENSMUSG4"],
                                  symbols: ["Slc17a7", "Tac2", "Tac2", ""], source: "gene.csv")
        let (genes, warnings) = try catalog.resolve(["Tac2", "ENSMUSG1", "ENSMUSG4"])
        #expect(genes.map(\.identifier) == ["ENSMUSG2", "ENSMUSG1", "ENSMUSG4"])
        #expect(genes.map(\.symbol) == ["Tac2", "Slc17a7", "ENSMUSG4"])
        #expect(warnings == ["gene symbol 'Tac2' matches 2 identifiers in gene.csv: ENSMUSG2, ENSMUSG3; using ENSMUSG2"])
        #expect(throws: GeneCatalog.ResolveError.unknown(name: "Slc17a6x", hint: " (did you mean 'Slc17a7'?)", source: "gene.csv")) {
            try catalog.resolve(["Slc17a6x"])
        }
        #expect(throws: GeneCatalog.ResolveError.empty(source: "gene.csv")) { try catalog.resolve([]) }
        #expect(throws: GeneCatalog.ResolveError.repeated(name: "ENSMUSG2", identifier: "ENSMUSG2")) {
            try catalog.resolve(["Tac2", "ENSMUSG2"])
        }
        let message = GeneCatalog.ResolveError.unknown(name: "Slc17a6x", hint: " (did you mean 'Slc17a7'?)", source: "gene.csv").description
        #expect(message.contains("did you mean 'Slc17a7'?"))
    }
}
