import AnnData
import Foundation
import Testing
import TestSupport

/// The raw-byte shortcuts the concatenation takes: var content keys and obs row lookup.
@Suite(.needsPython) struct AnnDataFileLookupTests {
    func file(_ name: String) throws -> AnnDataFile {
        try AnnDataFile(url: ConcatWriterTests.fixtures.appendingPathComponent(name))
    }

    @Test func varContentKeysAreEqualExactlyForEqualVar() throws {
        let m1 = try #require(try file("m1.h5ad").varContentKey())
        // m3 carries m1's genes and symbols (another file, dense X); m2 too, but gzip-compressed,
        // so it has no key and is decoded instead.
        #expect(try file("m3.h5ad").varContentKey() == m1)
        #expect(try file("m2.h5ad").varContentKey() == nil)
        // Other genes, or the same genes reversed.
        #expect(try file("m4.h5ad").varContentKey() != m1)
        #expect(try file("m5.h5ad").varContentKey() != m1)
    }

    @Test("a requested cell whose name obs holds twice is an error naming both rows; other cells are found")
    func duplicateObsNames() throws {
        let folder = try TestPaths.temporaryDirectory("dup-obs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("dup.h5ad")
        try TestPython.run("""
            import sys, warnings, anndata, numpy as np, pandas as pd, scipy.sparse as sp
            warnings.simplefilter("ignore")
            a = anndata.AnnData(X=sp.csr_matrix(np.eye(3, dtype=np.float32)), obs=pd.DataFrame(index=["a", "b", "a"]))
            a.write_h5ad(sys.argv[1])
            """, arguments: [url.path])
        let source = try AnnDataFile(url: url)
        #expect(try source.obsRows(of: ["b"]) == [1])
        let error = #expect(throws: AnnDataError.self) { try source.obsRows(of: ["b", "a"]) }
        #expect(error?.description.contains("obs name 'a' occurs twice (rows 0 and 2)") == true, "\(String(describing: error))")
    }

    @Test func obsRowsFindsFirstRowsInRequestedOrder() throws {
        let source = try file("m4.h5ad")
        let names = try source.obsNames()
        let cells = [names[3], "absent", names[0], names[3], names.last!, ""]
        let rows = try source.obsRows(of: cells)
        #expect(rows == cells.map { names.firstIndex(of: $0) ?? -1 })
        #expect(rows[1] == -1 && rows[0] == 3 && rows[3] == 3)
        #expect(try source.obsRows(of: []) == [])
    }
}
