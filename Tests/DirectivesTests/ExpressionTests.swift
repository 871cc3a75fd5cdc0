import Checksums
import AtlasAccess
import Foundation
import Tables
import Testing
import TestSupport
import Weave
@testable import Directives

/// The `expression` directive on the demo atlas (or a copy with one matrix altered), fetched
/// through a fresh cache from a file:// source, checked against the real anndata.
@Suite("{expression}", .needsPython)
struct ExpressionTests {
    static let demo = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas")
    static let release = "20251031"

    /// A folder for the report, its cache, and the release opened from `source`.
    private func setUp(source: URL = ExpressionTests.demo) async throws -> (DirectiveFixture, AtlasRelease) {
        let fixture = try DirectiveFixture()
        let project = AtlasProject(source: try AtlasSource(baseURL: source), cache: AtlasCache(root: fixture.folder.appendingPathComponent("abc_data")))
        return (fixture, try await project.open(.pinned(Self.release)))
    }

    private func context(_ fixture: DirectiveFixture, _ release: AtlasRelease) -> StageContext {
        fixture.context(id: "matrix", params: ["seed": .int(42), "target": .int(20)],
                        earlier: [("atlas", "atlas", StageResult(fields: [:], html: "", object: release))])
    }

    private func expression(_ cells: String, output: String = "data/out.h5ad", annotate: Bool = true,
                            in context: StageContext) async throws -> StageResult {
        try await run(Expression.self, ["cells": .string(cells), "output": .string(output), "annotate": .bool(annotate)], in: context)
    }

    /// Writes `cells.csv`: `perMatrix` metadata rows of each of `labels`, interleaved (a later
    /// label's cell first), plus cells named `absent-…` that no matrix holds.
    private func writeCellList(_ fixture: DirectiveFixture, labels: [String], perMatrix: Int, absent: Int) throws {
        try TestPython.run("""
            import sys, pandas as pd
            meta = pd.read_csv(sys.argv[1], dtype={"cell_label": str})
            labels = sys.argv[3].split(",")
            parts = [meta[meta.feature_matrix_label == l].iloc[::3].head(int(sys.argv[4])) for l in labels]
            rows = []
            for i in range(int(sys.argv[4])):
                for p in parts[::-1] if i % 2 else parts:
                    rows.append(p.iloc[i])
            for i in range(int(sys.argv[5])):
                fake = parts[i % len(parts)].iloc[0].copy()
                fake["cell_label"] = f"absent-{i}"
                rows.insert(3 * i + 1, fake)
            pd.DataFrame(rows).to_csv(sys.argv[2], index=False)
            """, arguments: [Self.demo.appendingPathComponent("metadata/WMB-10X/20250531/cell_metadata.csv").path,
                             fixture.folder.appendingPathComponent("cells.csv").path,
                             labels.joined(separator: ","), String(perMatrix), String(absent)])
    }

    @Test("equals anndata.concat of the present cells of each matrix, with the cell list as obs and uns/atlasweave")
    func interop() async throws {
        let (fixture, release) = try await setUp()
        try writeCellList(fixture, labels: ["WMB-10Xv3-MB", "WMB-10Xv2-TH", "WMB-10XMulti"], perMatrix: 6, absent: 3)
        let result = try await expression("cells.csv", in: context(fixture, release))
        #expect(result.fields["matrices"] == .int(3))
        #expect(result.fields["missing_cells"] == .int(3))
        #expect(result.fields["path"] == .string("data/out.h5ad"))
        let out = fixture.folder.appendingPathComponent("data/out.h5ad")
        let checked = try TestPython.run("""
            import json, sys
            import anndata, numpy as np, pandas as pd
            out = anndata.read_h5ad(sys.argv[1])
            cells = pd.read_csv(sys.argv[2], dtype={"cell_label": str})
            atlas = sys.argv[3]
            listing = json.load(open(atlas + "/releases/20251031/manifest.json"))["file_listing"]
            paths = {tag: atlas + "/" + kinds["raw"]["files"]["h5ad"]["relative_path"]
                     for d in listing.values() for tag, kinds in d.get("expression_matrices", {}).items()}
            parts = []
            for label in cells.feature_matrix_label.unique():
                a = anndata.read_h5ad(paths[label])
                wanted = cells.loc[cells.feature_matrix_label == label, "cell_label"]
                parts.append(a[wanted[wanted.isin(a.obs_names)].to_numpy()].copy())
            expected = anndata.concat(parts, axis=0, join="outer", merge="same")
            assert list(out.obs_names) == list(expected.obs_names), (list(out.obs_names), list(expected.obs_names))
            assert list(out.var_names) == list(expected.var_names)
            assert out.X.dtype == expected.X.dtype, (out.X.dtype, expected.X.dtype)
            assert (out.X != expected.X).nnz == 0
            assert list(out.var.columns) == list(expected.var.columns)
            by_cell = cells.drop_duplicates("cell_label").set_index("cell_label").loc[out.obs_names]
            for column in cells.columns.drop("cell_label"):
                got, want = out.obs[column], by_cell[column]
                if pd.api.types.is_numeric_dtype(want):
                    assert np.allclose(got.astype(float), want.astype(float), equal_nan=True), column
                else:
                    assert list(got.astype(str)) == list(want.fillna("").astype(str)), column
            assert isinstance(out.obs["cluster_alias"].dtype, pd.CategoricalDtype) or pd.api.types.is_numeric_dtype(out.obs["cluster_alias"])
            assert isinstance(out.obs["library_label"].dtype, pd.CategoricalDtype)
            assert pd.api.types.is_float_dtype(out.obs["x"]) and pd.api.types.is_float_dtype(out.obs["y"])
            uns = out.uns["atlasweave"]
            print(json.dumps({"cells": out.n_obs, "genes": out.n_vars, "nnz": int(out.X.nnz),
                              "version": uns["version"], "release": uns["release"], "seed": int(uns["seed"]),
                              "matrices": sorted(uns["matrices"].keys()), "md5": uns["matrices"]["WMB-10Xv3-MB"]["md5"]}))
            """, arguments: [out.path, fixture.folder.appendingPathComponent("cells.csv").path, Self.demo.path])
        let facts = try JSONSerialization.jsonObject(with: Data(checked.utf8)) as! [String: Any]
        #expect(result.fields["cells"] == .int(facts["cells"] as! Int))
        #expect(facts["cells"] as? Int == 18)
        #expect(result.fields["genes"] == .int(facts["genes"] as! Int))
        #expect(result.fields["nnz"] == .int(facts["nnz"] as! Int))
        #expect(facts["version"] as? String == WeaveVersion.current)
        #expect(facts["release"] as? String == Self.release)
        #expect(facts["seed"] as? Int == 42)
        #expect(facts["matrices"] as? [String] == ["WMB-10Xv2-TH", "WMB-10Xv3-MB", "WMB-10XMulti"].sorted())
        let mb = try release.expressionMatrix(label: "WMB-10Xv3-MB")
        #expect(facts["md5"] as? String == mb.md5)
        let inputs = result.files.filter { $0.role == .input && $0.path.hasSuffix(".h5ad") }
        #expect(inputs.count == 3)
        #expect(inputs.contains { $0.checksum == Checksum(.md5, hex: mb.md5) && $0.size == mb.size })
        #expect(result.files.last?.role == .output && result.files.last?.path == out.path)
        #expect(result.files.last?.checksum == Checksum(.sha256, hex: try SystemChecksum.sha256(out)))
        #expect(result.html.contains("<td>WMB-10Xv3-MB</td><td>WMB-10Xv3</td>"))
        #expect(result.html.contains("cells × "))
    }

    @Test("cells: a stage id takes that stage's in-memory table; uns/atlasweave records that downsample's rng and seed")
    func cellsFromStage() async throws {
        let (fixture, release) = try await setUp()
        try writeCellList(fixture, labels: ["WMB-10Xv2-TH", "WMB-10XMulti"], perMatrix: 3, absent: 1)
        let table = try CSVReader.read(fixture.folder.appendingPathComponent("cells.csv"))
        try FileManager.default.removeItem(at: fixture.folder.appendingPathComponent("cells.csv"))
        let context = fixture.context(id: "matrix", earlier: [
            ("atlas", "atlas", StageResult(fields: [:], html: "", object: release)),
            ("sample", "downsample", StageResult(fields: ["selected": .int(table.rowCount), "rng": .string("r"), "seed": .int(7)],
                                                 html: "", object: table)),
        ])
        let result = try await expression("sample", in: context)
        #expect(result.fields["cells"] == .int(6))
        #expect(result.fields["missing_cells"] == .int(1))
        #expect(result.fields["matrices"] == .int(2))
        #expect(context.usedStages.contains("sample"))
        let uns = try TestPython.run("""
            import sys, anndata
            uns = anndata.read_h5ad(sys.argv[1]).uns["atlasweave"]
            print(uns["rng"], int(uns["seed"]))
            """, arguments: [fixture.folder.appendingPathComponent("data/out.h5ad").path])
        #expect(uns.trimmingCharacters(in: .whitespacesAndNewlines) == "r 7")
    }

    @Test("without annotate, obs holds only the matrices' own columns")
    func withoutAnnotation() async throws {
        let (fixture, release) = try await setUp()
        try writeCellList(fixture, labels: ["WMB-10Xv2-TH"], perMatrix: 4, absent: 0)
        _ = try await expression("cells.csv", annotate: false, in: context(fixture, release))
        let columns = try TestPython.run("""
            import sys, anndata
            print(",".join(anndata.read_h5ad(sys.argv[1]).obs.columns))
            """, arguments: [fixture.folder.appendingPathComponent("data/out.h5ad").path])
        #expect(!columns.contains("cluster_alias"))
        #expect(columns.contains("library_label"))
    }

    /// Runs the stage expecting a failure; checks no file (final or temporary) is left in `data/`.
    private func failure(_ fixture: DirectiveFixture, _ release: AtlasRelease) async throws -> String {
        let message = await errorMessage { _ = try await self.expression("cells.csv", in: self.context(fixture, release)) }
        let data = fixture.folder.appendingPathComponent("data")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: data.path)) ?? []
        #expect(left.isEmpty, "files left behind: \(left)")
        return try #require(message)
    }

    @Test("a cell list without cell_label or feature_matrix_label names the columns it has")
    func missingColumns() async throws {
        let (fixture, release) = try await setUp()
        try fixture.write("cells.csv", "cell,feature_matrix_label\nc1,WMB-10Xv2-TH\n")
        let message = try await failure(fixture, release)
        #expect(message.contains("no column 'cell_label'"), "\(message)")
        #expect(message.contains("has: cell, feature_matrix_label"), "\(message)")
    }

    @Test("the same cell twice in the cell list is an error naming it and both rows")
    func duplicateCell() async throws {
        let (fixture, release) = try await setUp()
        try fixture.write("cells.csv", "cell_label,feature_matrix_label\nATCCGATTGTTCCGAC-144_G05,WMB-10Xv2-TH\nATCCGATTGTTCCGAC-144_G05,WMB-10Xv2-TH\n")
        let message = try await failure(fixture, release)
        #expect(message.contains("names cell 'ATCCGATTGTTCCGAC-144_G05' twice (data rows 1 and 2)"), "\(message)")
    }

    @Test("cell-list column names HDF5 cannot store are errors naming the column", arguments: ["x/y", "."])
    func unstorableColumnName(name: String) async throws {
        let (fixture, release) = try await setUp()
        try fixture.write("cells.csv", "cell_label,feature_matrix_label,\(name)\nATCCGATTGTTCCGAC-144_G05,WMB-10Xv2-TH,1\n")
        let message = try await failure(fixture, release)
        #expect(message.contains("column name '\(name)'"), "\(message)")
    }

    @Test("cell-list columns named like the matrices' obs columns replace them, with a warning and the count in the report")
    func replacedObsColumns() async throws {
        let (fixture, release) = try await setUp()
        try fixture.write("cells.csv", "cell_label,feature_matrix_label,cell_barcode\nATCCGATTGTTCCGAC-144_G05,WMB-10Xv2-TH,mine\n")
        let result = try await expression("cells.csv", in: context(fixture, release))
        #expect(result.html.contains("Warning: 1 obs columns replaced"), "\(result.html)")
        #expect(result.html.contains("for all 1 cells"))
        let barcode = try TestPython.run("""
            import sys, anndata
            print(anndata.read_h5ad(sys.argv[1]).obs["cell_barcode"].tolist())
            """, arguments: [fixture.folder.appendingPathComponent("data/out.h5ad").path])
        #expect(barcode.contains("'mine'"), "\(barcode)")
    }

    @Test("the same inputs give a byte-identical h5ad (no HDF5 object timestamps)")
    func reproducibleBytes() async throws {
        let (fixture, release) = try await setUp()
        try writeCellList(fixture, labels: ["WMB-10Xv3-MB", "WMB-10XMulti"], perMatrix: 5, absent: 1)
        let first = try await expression("cells.csv", in: context(fixture, release)).files.last?.checksum
        // Timestamps have one-second resolution: a second later they would differ.
        try await Task.sleep(for: .seconds(1.2))
        let second = try await expression("cells.csv", in: context(fixture, release)).files.last?.checksum
        #expect(first != nil && first == second)
        #expect(second == Checksum(.sha256, hex: try SystemChecksum.sha256(fixture.folder.appendingPathComponent("data/out.h5ad"))))
    }

    @Test("a label the manifest lacks lists the valid labels with a suggestion")
    func unknownLabel() async throws {
        let (fixture, release) = try await setUp()
        try fixture.write("cells.csv", "cell_label,feature_matrix_label\nc1,WMB-10Xv3-MBB\n")
        let message = try await failure(fixture, release)
        #expect(message.contains("'WMB-10Xv3-MBB'"), "\(message)")
        #expect(message.contains("did you mean 'WMB-10Xv3-MB'"), "\(message)")
        #expect(message.contains("WMB-10XMulti, WMB-10Xv2-CTXsp"), "\(message)")
    }

    @Test("no requested cell in any matrix is an error, and no file is written")
    func noCellFound() async throws {
        let (fixture, release) = try await setUp()
        try fixture.write("cells.csv", "cell_label,feature_matrix_label\nnope-1,WMB-10Xv2-TH\nnope-2,WMB-10XMulti\n")
        let message = try await failure(fixture, release)
        #expect(message.contains("none of the 2 requested cells"), "\(message)")
        #expect(message.contains("WMB-10Xv2-TH, WMB-10XMulti"), "\(message)")
    }

    /// A copy of the demo atlas whose WMB-10Xv2-TH matrix `alter` (Python, given the path) changed,
    /// with the manifest's size and MD5 updated so the download verifies.
    private func alteredAtlas(_ alter: String) throws -> URL {
        let copy = try TestPaths.temporaryDirectory("altered-atlas")
        for part in ["releases", "metadata", "expression_matrices"] {
            try FileManager.default.copyItem(at: Self.demo.appendingPathComponent(part), to: copy.appendingPathComponent(part))
        }
        try TestPython.run("""
            import hashlib, json, os, sys
            atlas = sys.argv[1]
            manifest_path = atlas + "/releases/20251031/manifest.json"
            manifest = json.load(open(manifest_path))
            entry = manifest["file_listing"]["WMB-10Xv2"]["expression_matrices"]["WMB-10Xv2-TH"]["raw"]["files"]["h5ad"]
            path = atlas + "/" + entry["relative_path"]
            os.chmod(path, 0o644)
            \(alter)
            entry["size"] = os.path.getsize(path)
            entry["file_hash"] = hashlib.md5(open(path, "rb").read()).hexdigest()
            json.dump(manifest, open(manifest_path, "w"))
            """, arguments: [copy.path])
        return copy
    }

    @Test("a truncated matrix is an error naming it")
    func truncatedMatrix() async throws {
        let atlas = try alteredAtlas("os.truncate(path, os.path.getsize(path) // 2)")
        defer { try? FileManager.default.removeItem(at: atlas) }
        let (fixture, release) = try await setUp(source: atlas)
        try writeCellList(fixture, labels: ["WMB-10XMulti", "WMB-10Xv2-TH"], perMatrix: 3, absent: 0)
        let message = try await failure(fixture, release)
        #expect(message.contains("WMB-10Xv2-TH-raw.h5ad"), "\(message)")
    }

    @Test("a matrix with an unsupported X encoding is an error naming the file, element and encoding")
    func unsupportedEncoding() async throws {
        let atlas = try alteredAtlas("import h5py; f = h5py.File(path, 'r+'); f['X'].attrs['encoding-type'] = 'awkward-array'; f.close()")
        defer { try? FileManager.default.removeItem(at: atlas) }
        let (fixture, release) = try await setUp(source: atlas)
        try writeCellList(fixture, labels: ["WMB-10XMulti", "WMB-10Xv2-TH"], perMatrix: 3, absent: 0)
        let message = try await failure(fixture, release)
        #expect(message.contains("WMB-10Xv2-TH-raw.h5ad"), "\(message)")
        #expect(message.contains("/X") && message.contains("awkward-array"), "\(message)")
    }

    @Test("options with a wrong meaning are rejected when read")
    func badOptions() async {
        let expected = [
            ("kind", Value.string("log10"), "option 'kind' of {expression} expects one of raw, log2, got 'log10' (did you mean 'log2'?)"),
            ("compression", .string("zstd"), "option 'compression' of {expression} expects one of none, gzip, got 'zstd'"),
            ("output", .string("out.csv"), "option 'output': expected an .h5ad file name, not 'out.csv'"),
            ("jobs", .int(0), "option 'jobs' of {expression} expects 1 or more, got 0"),
        ]
        for (name, value, message) in expected {
            var values: [String: Value] = ["cells": .string("cells.csv"), "output": .string("out.h5ad")]
            values[name] = value
            let error = await errorMessage { _ = try Expression.bound(values) }
            #expect(error?.hasSuffix(message) == true, "\(error ?? "no error")")
        }
    }
}
