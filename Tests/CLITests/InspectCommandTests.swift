import Foundation
import Testing
import TestSupport

@Suite("atlasweave inspect", .needsPython)
struct InspectCommandTests {
    private static let matrix = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas/expression_matrices/WMB-10XMulti/20230830/WMB-10XMulti-raw.h5ad")

    @Test("prints shape, X encoding, dtype and nnz, obs/var columns and uns keys as anndata sees them")
    func summary() throws {
        let result = try BuiltBinary.run(["inspect", Self.matrix.path], in: TestPaths.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let facts = try TestPython.run("""
            import sys, anndata
            a = anndata.read_h5ad(sys.argv[1])
            print(f"AnnData {a.n_obs} × {a.n_vars}")
            print(f"X: csr_matrix {a.X.dtype}, nnz {a.X.nnz}")
            print("\\n".join(list(a.obs.columns) + list(a.var.columns) + list(a.uns.keys())))
            """, arguments: [Self.matrix.path]).split(separator: "\n").map(String.init)
        #expect(result.stdout.contains(facts[0]), "\(result.stdout)")
        #expect(result.stdout.contains(facts[1]), "\(result.stdout)")
        for name in facts.dropFirst(2) { #expect(result.stdout.contains(name), "\(name)") }
    }

    @Test("a file that is not HDF5 exits 1 naming it")
    func notHDF5() throws {
        let folder = try TestPaths.temporaryDirectory("inspect")
        let bad = folder.appendingPathComponent("bad.h5ad")
        try Data("not hdf5".utf8).write(to: bad)
        let result = try BuiltBinary.run(["inspect", bad.path], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains(bad.path), "\(result.stderr)")
    }
}
