import AnnData
import Foundation
import HDF5Kit
import Testing
import TestSupport

@Suite(.needsPython) struct AnnDataFileTests {
    func url(_ name: String) -> URL { ConcatWriterTests.fixtures.appendingPathComponent(name) }

    @Test func summaryOfAnAnndataFile() throws {
        let file = try AnnDataFile(url: url("m1.h5ad"))
        let summary = try file.summary()
        #expect(summary.cells == 8 && summary.genes == 6)
        #expect(summary.obsIndexName == "cell_label" && summary.varIndexName == "gene_identifier")
        let nnz = try TestPython.run("""
        import anndata as ad, sys
        print(ad.read_h5ad(sys.argv[1]).X.nnz)
        """, arguments: [url("m1.h5ad").path])
        #expect(summary.x == MatrixInfo(encoding: .csr, dtype: .float32, rows: 8, columns: 6,
                                        nnz: Int(nnz.trimmingCharacters(in: .whitespacesAndNewlines))))
        #expect(summary.obsColumns.map(\.name) == ["cell_barcode", "library_label", "n_genes", "score", "flag"])
        #expect(summary.obsColumns.map(\.type) == ["string", "categorical (2 categories)", "int32", "float32", "bool"])
        #expect(summary.varColumns == [AnnDataSummary.Column(name: "gene_symbol", type: "string")])
        #expect(summary.unsKeys.map(\.name) == ["normalization"])
        #expect(try file.readUns() == ["normalization": .string("raw")])
        #expect(summary.lines[1] == "X: csr_matrix float32, nnz \(summary.x!.nnz!)")
        #expect(try file.obsNames() == (0..<8).map { "a\($0)" })
        guard case .categorical(let library) = try file.obsColumn("library_label") else { Issue.record("not categorical"); return }
        #expect(library.categories == ["L10", "L9"])
        #expect((0..<8).map { library.value(at: $0) } == ["L10", "L9", "L10", "L9", "L10", "L9", "L10", "L9"])
        #expect(try file.obsColumn("flag") == .bools([true, false, true, false, true, false, true, false]))
    }

    @Test func denseNullableAndOldDataframes() throws {
        let dense = try AnnDataFile(url: url("m3.h5ad"))
        #expect(dense.x?.encoding == .dense && dense.x?.nnz == nil && dense.x?.dtype == .float32)
        let nullable = try AnnDataFile(url: url("m4.h5ad"))
        #expect(try nullable.obsColumn("umi") == .nullableIntegers([1, nil, 3, 4, nil, 6], .int64))
        let old = try AnnDataFile(url: url("old.h5ad"))
        #expect(try old.obsColumn("library_label") == .categorical(Categorical(codes: [1, 0, 1], categories: ["L1", "L7"])))
        #expect(try old.obsColumn("n_genes") == .integers([5, 6, 7], .int32))
        #expect(try old.varColumnNames() == ["gene_symbol"])
        #expect(try old.summary().obsColumns == [.init(name: "library_label", type: "categorical (2 categories)"),
                                                 .init(name: "n_genes", type: "int32")])
        #expect(try nullable.summary().obsColumns.suffix(2) == [.init(name: "region", type: "categorical (3 categories)"),
                                                                .init(name: "umi", type: "nullable int64")])
    }

    @Test func truncatedFileIsNamed() throws {
        let dir = try TestPaths.temporaryDirectory("truncated")
        let bytes = try Data(contentsOf: url("m1.h5ad"))
        let truncated = dir.appendingPathComponent("cut.h5ad")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let error = #expect(throws: AnnDataError.self) { _ = try AnnDataFile(url: truncated).summary() }
        #expect(error?.description.contains(truncated.path) == true)
        #expect(error?.description.contains("truncated") == true)
    }

    @Test func notHDF5IsNamed() throws {
        let dir = try TestPaths.temporaryDirectory("nothdf5")
        let text = dir.appendingPathComponent("cells.h5ad")
        try Data("cell_label,x\n".utf8).write(to: text)
        let error = #expect(throws: AnnDataError.self) { try AnnDataFile(url: text) }
        #expect(error?.description.contains(text.path) == true)
        #expect(error?.description.contains("not an HDF5 file") == true)
    }

    @Test func unsupportedEncodingsNameElementAndEncoding() throws {
        let dir = try TestPaths.temporaryDirectory("unsupported")
        let odd = dir.appendingPathComponent("odd.h5ad"), csc = dir.appendingPathComponent("csc.h5ad")
        try TestPython.run("""
        import anndata as ad, numpy as np, pandas as pd, scipy.sparse as sp, h5py, sys, warnings
        warnings.simplefilter("ignore")
        a = ad.AnnData(X=sp.csr_matrix(np.eye(3, dtype=np.float32)), obs=pd.DataFrame({"k": [1, 2, 3]}, index=["x", "y", "z"]))
        a.write_h5ad(sys.argv[1])
        with h5py.File(sys.argv[1], "a") as f:
            g = f["obs"].create_group("weird")
            g.attrs["encoding-type"] = "awkward-array"; g.attrs["encoding-version"] = "0.1.0"
            f["obs"].attrs["column-order"] = np.array(["k", "weird"], dtype=object)
        b = ad.AnnData(X=sp.csc_matrix(np.eye(3, dtype=np.float32)), obs=pd.DataFrame(index=["x", "y", "z"]))
        b.write_h5ad(sys.argv[2])
        """, arguments: [odd.path, csc.path])
        let file = try AnnDataFile(url: odd)
        #expect(try file.obsColumn("k") == .integers([1, 2, 3], .int64))
        let error = #expect(throws: AnnDataError.self) { try file.obsColumn("weird") }
        #expect(error?.description == "\(odd.path): /obs/weird: unsupported AnnData element (encoding-type 'awkward-array' version '0.1.0')")
        #expect(throws: AnnDataError.self) { try file.summary() }

        let cscFile = try AnnDataFile(url: csc)
        #expect(cscFile.x?.encoding == .csc)
        let writer = H5ADConcatWriter(output: dir.appendingPathComponent("out.h5ad"))
        let streamError = #expect(throws: AnnDataError.self) { try writer.append(matrix: csc, label: "csc", cells: ["y"]) }
        #expect(streamError?.description.contains("/X") == true)
        #expect(streamError?.description.contains("csc_matrix") == true)
        #expect(!FileManager.default.fileExists(atPath: writer.temporary.path))
        #expect(throws: AnnDataError.self) { try writer.finish() }
    }
}
