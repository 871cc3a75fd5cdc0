import Checksums
import AnnData
import Foundation
import HDF5Kit
import Testing
import TestSupport

@Suite(.serialized, .needsPython) struct ConcatWriterTests {
    static let fixtures: URL = {
        let dir = try! TestPaths.temporaryDirectory("anndata-fixtures")
        try! Fixtures.write(into: dir)
        return dir
    }()

    func url(_ name: String) -> URL { Self.fixtures.appendingPathComponent(name) }

    @Test func identicalGenesKeepOrderAndGeneSymbol() throws {
        let out = try TestPaths.temporaryDirectory("concat").appendingPathComponent("out.h5ad")
        let writer = H5ADConcatWriter(output: out, batchRows: 3)
        let parts: [(URL, [String])] = [
            (url("m2.h5ad"), ["b4", "b0", "missing-1", "b2"]),
            (url("m1.h5ad"), ["a7", "a1", "a3", "a0", "a6", "a2", "a5"]),
            (url("m3.h5ad"), ["c3", "c1", "nope"]),
        ]
        var reports: [MatrixReport] = []
        for (i, (matrix, cells)) in parts.enumerated() {
            reports.append(try writer.append(matrix: matrix, label: "M\(i)", cells: cells))
        }
        #expect(reports.map(\.found) == [3, 7, 2])
        #expect(reports.map(\.missing) == [1, 0, 1])
        #expect(writer.obsNames == ["b4", "b0", "b2", "a7", "a1", "a3", "a0", "a6", "a2", "a5", "c3", "c1"])
        let summary = try writer.finish()
        #expect(summary.cells == 12)
        #expect(summary.genes == 6)
        #expect(summary.dtype == .float32)
        #expect(summary.nnz == reports.map(\.nnz).reduce(0, +))
        #expect(!FileManager.default.fileExists(atPath: writer.temporary.path))
        #expect(summary.checksum == Checksum(.sha256, hex: try SystemChecksum.sha256(out)))
        #expect(summary.size == (try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int))
        try Fixtures.checkConcat(output: out, parts: parts)
        let file = try AnnDataFile(url: out)
        #expect(try file.varColumnNames() == ["gene_symbol"])
        #expect(try file.varNames().first == "ENSG005")
    }

    @Test func differingGenesTakeSortedUnionAndMergeObsColumns() throws {
        let out = try TestPaths.temporaryDirectory("concat").appendingPathComponent("out.h5ad")
        let writer = H5ADConcatWriter(output: out, compression: .gzip(level: 4), batchRows: 2)
        let parts: [(URL, [String])] = [
            (url("m1.h5ad"), ["a2", "a4", "a1"]),
            (url("m4.h5ad"), ["d5", "d0", "d3", "d1"]),
            (url("old.h5ad"), ["o2", "o0"]),
        ]
        for (matrix, cells) in parts { _ = try writer.append(matrix: matrix, label: matrix.lastPathComponent, cells: cells) }
        let summary = try writer.finish(uns: ["atlasweave": .dict(["version": .string("0.1.0"), "seed": .integer(42),
                                                                  "matrices": .strings(["m1", "m4", "old"])])])
        #expect(summary.genes == 8)
        #expect(summary.checksum == Checksum(.sha256, hex: try SystemChecksum.sha256(out)))
        try Fixtures.checkConcat(output: out, parts: parts)
        let file = try AnnDataFile(url: out)
        #expect(try file.varColumnNames() == [])
        let layout = try TestPython.run("""
        import h5py, sys
        x = h5py.File(sys.argv[1])["X"]
        print(x["data"].compression, x["indices"].compression, x["data"].maxshape, x.attrs["encoding-type"])
        """, arguments: [out.path])
        #expect(layout.trimmingCharacters(in: .whitespacesAndNewlines) == "gzip gzip (None,) csr_matrix")
        #expect(try file.varNames() == (try file.varNames()).sorted())
        let uns = try file.readUns()
        #expect(uns["atlasweave"] == .dict(["version": .string("0.1.0"), "seed": .integer(42), "matrices": .strings(["m1", "m4", "old"])]))
    }

    @Test func sameGenesInAnotherOrderAreSortedAndKeepGeneSymbol() throws {
        let out = try TestPaths.temporaryDirectory("concat").appendingPathComponent("out.h5ad")
        let writer = H5ADConcatWriter(output: out, batchRows: 2)
        let parts: [(URL, [String])] = [(url("m1.h5ad"), ["a3", "a0", "a5"]), (url("m5.h5ad"), ["e2", "e0", "e3"])]
        for (matrix, cells) in parts { _ = try writer.append(matrix: matrix, label: matrix.lastPathComponent, cells: cells) }
        _ = try writer.finish()
        try Fixtures.checkConcat(output: out, parts: parts)
        let file = try AnnDataFile(url: out)
        #expect(try file.varNames() == ["ENSG001", "ENSG002", "ENSG003", "ENSG005", "ENSG007", "ENSG009"])
        #expect(try file.varColumn("gene_symbol") == .strings(["Sym001", "Sym002", "Sym003", "Sym005", "Sym007", "Sym009"]))
    }

    @Test func mixedDtypesArePromotedAsNumpyDoes() throws {
        let out = try TestPaths.temporaryDirectory("concat").appendingPathComponent("out.h5ad")
        let writer = H5ADConcatWriter(output: out, batchRows: 2)
        let parts: [(URL, [String])] = [(url("m1.h5ad"), ["a3", "a0", "a5"]), (url("m6.h5ad"), ["f2", "f0"])]
        for (matrix, cells) in parts { _ = try writer.append(matrix: matrix, label: matrix.lastPathComponent, cells: cells) }
        #expect(try writer.finish().dtype == .float64)
        try Fixtures.checkConcat(output: out, parts: parts)
    }

    @Test func matrixWithoutRequestedCellsStillJoinsGenesAndColumns() throws {
        let out = try TestPaths.temporaryDirectory("concat").appendingPathComponent("out.h5ad")
        let writer = H5ADConcatWriter(output: out)
        let parts: [(URL, [String])] = [(url("m1.h5ad"), ["a1", "a2"]), (url("m4.h5ad"), ["gone"])]
        let reports = try parts.map { try writer.append(matrix: $0.0, label: $0.0.lastPathComponent, cells: $0.1) }
        #expect(reports.map(\.found) == [2, 0])
        let summary = try writer.finish()
        #expect(summary.cells == 2 && summary.genes == 8)
        try Fixtures.checkConcat(output: out, parts: parts)
    }

    @Test func extraObsColumnsAreAligned() throws {
        let out = try TestPaths.temporaryDirectory("concat").appendingPathComponent("out.h5ad")
        let writer = H5ADConcatWriter(output: out)
        _ = try writer.append(matrix: url("m2.h5ad"), label: "m2", cells: ["b1", "b3", "b0"])
        _ = try writer.finish(extraObs: [
            ObsColumn(name: "cluster", values: .strings(["x", "y", "x"])),
            ObsColumn(name: "x", values: .numbers([1.5, nil, 2])),
            // Coded text gives what the same strings give: unused labels dropped, -1 missing.
            ObsColumn(name: "region", values: .codedStrings(codes: [2, -1, 2], labels: ["unused", "b", "a"])),
            ObsColumn(name: "barcode", values: .codedStrings(codes: [1, 0, 2], labels: ["p", "q", "r"])),
        ])
        let result = try TestPython.run("""
        import anndata as ad, sys
        a = ad.read_h5ad(sys.argv[1])
        print(a.obs["cluster"].dtype, list(a.obs["cluster"]), a.obs["x"].dtype, a.obs["x"].isna().tolist(), list(a.obs.columns)[-4:])
        print(a.obs["region"].dtype, list(a.obs["region"].cat.categories), a.obs["region"].isna().tolist(), a.obs["barcode"].dtype, list(a.obs["barcode"]))
        """, arguments: [out.path])
        #expect(result.trimmingCharacters(in: .whitespacesAndNewlines)
                == "category ['x', 'y', 'x'] float64 [False, True, False] ['cluster', 'x', 'region', 'barcode']\ncategory ['a'] [False, True, False] object ['q', 'p', 'r']")
    }

    @Test func badColumnIndexFoundWhileCopyingLeavesNoFile() throws {
        let dir = try TestPaths.temporaryDirectory("concat")
        let bad = dir.appendingPathComponent("bad.h5ad"), out = dir.appendingPathComponent("out.h5ad")
        try FileManager.default.copyItem(at: url("m1.h5ad"), to: bad)
        _ = try TestPython.run("""
        import h5py, sys
        with h5py.File(sys.argv[1], "r+") as f:
            f["X/indices"][-1] = 999
        """, arguments: [bad.path])
        try Data("previous".utf8).write(to: out)
        let writer = H5ADConcatWriter(output: out, batchRows: 2)
        _ = try writer.append(matrix: url("m2.h5ad"), label: "m2", cells: ["b1", "b3"])
        _ = try writer.append(matrix: bad, label: "bad", cells: ["a0", "a7"])
        let error = #expect(throws: AnnDataError.self) { try writer.finish() }
        #expect(error?.description.contains(bad.path) == true)
        #expect(error?.description.contains("/X/indices") == true)
        #expect(try String(contentsOf: out, encoding: .utf8) == "previous")
        #expect(!FileManager.default.fileExists(atPath: writer.temporary.path))
    }

    @Test func rowsWithoutEntriesGiveAnEmptyX() throws {
        let dir = try TestPaths.temporaryDirectory("concat")
        let empty = dir.appendingPathComponent("empty.h5ad"), out = dir.appendingPathComponent("out.h5ad")
        _ = try TestPython.run("""
        import anndata as ad, numpy as np, pandas as pd, scipy.sparse as sp, sys
        ad.AnnData(X=sp.csr_matrix((3, 4), dtype=np.float32), obs=pd.DataFrame(index=["e0", "e1", "e2"]),
                   var=pd.DataFrame(index=["g0", "g1", "g2", "g3"])).write_h5ad(sys.argv[1])
        """, arguments: [empty.path])
        let writer = H5ADConcatWriter(output: out)
        _ = try writer.append(matrix: empty, label: "empty", cells: ["e2", "e0"])
        let summary = try writer.finish()
        #expect(summary.nnz == 0 && summary.cells == 2 && summary.genes == 4)
        #expect(summary.checksum == Checksum(.sha256, hex: try SystemChecksum.sha256(out)))
        let result = try TestPython.run("""
        import anndata as ad, sys
        a = ad.read_h5ad(sys.argv[1])
        print(a.shape, a.X.nnz, list(a.obs_names))
        """, arguments: [out.path])
        #expect(result.trimmingCharacters(in: .whitespacesAndNewlines) == "(2, 4) 0 ['e2', 'e0']")
    }

    @Test func noCellFoundFailsAndLeavesNoFile() throws {
        let out = try TestPaths.temporaryDirectory("concat").appendingPathComponent("out.h5ad")
        let writer = H5ADConcatWriter(output: out)
        let report = try writer.append(matrix: url("m1.h5ad"), label: "m1", cells: ["zz", "yy"])
        #expect(report.found == 0 && report.missing == 2)
        let error = #expect(throws: AnnDataError.self) { try writer.finish() }
        #expect(error?.description.contains("none of the 2 requested cells") == true)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: writer.temporary.path))
    }
}
