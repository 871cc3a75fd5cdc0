import AtlasAccess
import Foundation
import Tables
import Testing
import TestSupport
import Weave
@testable import Directives

/// `genes` and `heatmap` on the demo atlas, fetched through a fresh cache from a file:// source,
/// checked against anndata and pandas.
@Suite("{genes} and {heatmap}")
struct GenesTests {
    static let demo = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas")
    static let metadata = demo.appendingPathComponent("metadata/WMB-10X/20250531/cell_metadata.csv")

    private func setUp(source: URL = GenesTests.demo) async throws -> (DirectiveFixture, StageContext) {
        let fixture = try DirectiveFixture()
        let project = AtlasProject(source: try AtlasSource(baseURL: source), cache: AtlasCache(root: fixture.folder.appendingPathComponent("abc_data")))
        let release = try await project.open(.pinned("20251031"))
        let context = StageContext(document: fixture.document, params: [:], id: "panel", line: 1,
                                   earlier: [("atlas", "atlas", StageResult(fields: [:], html: "", object: release))])
        return (fixture, context)
    }

    /// `cells.csv`: metadata rows of three matrices, interleaved, plus two cells no matrix holds.
    private func writeCellList(_ fixture: DirectiveFixture) throws {
        try TestPython.run("""
            import sys, pandas as pd
            meta = pd.read_csv(sys.argv[1], dtype={"cell_label": str})
            parts = [meta[meta.feature_matrix_label == l].iloc[::2].head(9) for l in ["WMB-10Xv3-MB", "WMB-10XMulti", "WMB-10Xv2-TH"]]
            rows = pd.concat(parts).sample(frac=1, random_state=4)
            fake = rows.head(2).copy()
            fake["cell_label"] = ["absent-1", "absent-2"]
            pd.concat([fake.head(1), rows, fake.tail(1)]).to_csv(sys.argv[2], index=False)
            """, arguments: [Self.metadata.path, fixture.folder.appendingPathComponent("cells.csv").path])
    }

    @Test("the panel equals anndata's adata[cells, genes].X of each log2 matrix, by symbol and by Ensembl id")
    func equalsAnnData() async throws {
        let (fixture, context) = try await setUp()
        try writeCellList(fixture)
        let genes = try TestPython.run("""
            import sys, pandas as pd
            g = pd.read_csv(sys.argv[1])
            print(g.loc[g.gene_symbol == "Slc32a1", "gene_identifier"].iloc[0])
            """, arguments: [Self.demo.appendingPathComponent("metadata/WMB-10X/20250531/gene.csv").path])
        let slc32a1 = genes.trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try await run(Genes.self, ["genes": .list([.string("Slc17a7"), .string(slc32a1), .string("Tac2")]),
                                                "cells": .string("cells.csv"), "output": .string("data/panel.csv")], in: context)
        #expect(result.fields["genes"] == .list([.string("Slc17a7"), .string("Slc32a1"), .string("Tac2")]))
        #expect(result.fields["matrices"] == .int(3))
        #expect(result.fields["missing_cells"] == .int(2))
        #expect(result.fields["cells"] == .int(27))
        #expect(result.html.contains("Slc32a1 &gt; 0") || result.html.contains("Slc32a1 > 0"))
        let checked = try TestPython.run("""
            import json, sys
            import anndata, numpy as np, pandas as pd
            ours = pd.read_csv(sys.argv[1], dtype={"cell_label": str})
            cells = pd.read_csv(sys.argv[2], dtype={"cell_label": str})
            atlas = sys.argv[3]
            listing = json.load(open(atlas + "/releases/20251031/manifest.json"))["file_listing"]
            paths = {tag: atlas + "/" + kinds["log2"]["files"]["h5ad"]["relative_path"]
                     for d in listing.values() for tag, kinds in d.get("expression_matrices", {}).items()}
            genes = pd.read_csv(atlas + "/metadata/WMB-10X/20250531/gene.csv").set_index("gene_symbol")
            ids = [genes.loc[s, "gene_identifier"] for s in ["Slc17a7", "Slc32a1", "Tac2"]]
            parts = []
            for label in cells.feature_matrix_label.unique():
                a = anndata.read_h5ad(paths[label])
                wanted = cells.loc[cells.feature_matrix_label == label, "cell_label"]
                wanted = a.obs_names[a.obs_names.isin(wanted)].to_numpy()  # in the matrix's row order
                parts.append(pd.DataFrame(a[wanted, ids].X.toarray(), index=wanted, columns=["Slc17a7", "Slc32a1", "Tac2"]))
            expected = pd.concat(parts)
            assert list(ours.cell_label) == list(expected.index), (list(ours.cell_label), list(expected.index))
            np.testing.assert_array_equal(ours[["Slc17a7", "Slc32a1", "Tac2"]].to_numpy(np.float32), expected.to_numpy())
            assert (expected.to_numpy() > 0).any()
            print("ok")
            """, arguments: [fixture.folder.appendingPathComponent("data/panel.csv").path,
                             fixture.folder.appendingPathComponent("cells.csv").path, Self.demo.path])
        #expect(checked.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test("without cells or a metadata stage, every cell of the release's cell_metadata; streamed to `output`, as held in memory")
    func everyCellOfTheRelease() async throws {
        let (fixture, context) = try await setUp()
        let genes: [Value] = [.string("Slc17a7"), .string("Tac2"), .string("Gad2")]
        let streamed = try await run(Genes.self, ["genes": .list(genes), "output": .string("data/all.csv"), "kind": .string("raw")], in: context)
        #expect(streamed.object == nil)
        #expect(streamed.fields["path"] == .string("data/all.csv"))
        #expect(streamed.files.contains { $0.path.hasSuffix("cell_metadata.csv") && $0.role == .input })
        let held = try await run(Genes.self, ["genes": .list(genes), "kind": .string("raw")], in: context)
        let table = try #require(held.object(as: Table.self))
        let written = try CSVReader.read(fixture.folder.appendingPathComponent("data/all.csv"))
        #expect(written.columnNames == table.columnNames)
        #expect(written.rowCount == table.rowCount)
        for column in table.columnNames {
            let a = try table.column(column), b = try written.column(column)
            #expect((0..<table.rowCount).allSatisfy { a.text(at: $0) == b.text(at: $0) }, "\(column)")
        }
        #expect(streamed.fields["cells"] == held.fields["cells"])
        #expect(streamed.html.rendered == held.html.rendered.replacingOccurrences(of: "matrices; 0 cells were absent from their matrix.</p>",
                                                                with: "matrices; 0 cells were absent from their matrix. Written to data/all.csv.</p>"))
        let checked = try TestPython.run("""
            import json, sys
            import anndata, numpy as np, pandas as pd
            ours = pd.read_csv(sys.argv[1], dtype={"cell_label": str})
            atlas = sys.argv[2]
            cells = pd.read_csv(atlas + "/metadata/WMB-10X/20250531/cell_metadata.csv", dtype={"cell_label": str})
            listing = json.load(open(atlas + "/releases/20251031/manifest.json"))["file_listing"]
            paths = {tag: atlas + "/" + kinds["raw"]["files"]["h5ad"]["relative_path"]
                     for d in listing.values() for tag, kinds in d.get("expression_matrices", {}).items()}
            genes = pd.read_csv(atlas + "/metadata/WMB-10X/20250531/gene.csv").set_index("gene_symbol")
            symbols = ["Slc17a7", "Tac2", "Gad2"]
            ids = [genes.loc[s, "gene_identifier"] for s in symbols]
            parts = []
            for label in cells.feature_matrix_label.unique():
                a = anndata.read_h5ad(paths[label], backed="r")
                listed = cells.loc[cells.feature_matrix_label == label, "cell_label"]
                rows = np.flatnonzero(a.obs_names.isin(listed))
                x = a.X[rows][:, a.var_names.get_indexer(ids)]
                parts.append(pd.DataFrame(x.toarray(), index=a.obs_names[rows], columns=symbols))
            expected = pd.concat(parts)
            assert list(ours.cell_label) == list(expected.index)
            np.testing.assert_array_equal(ours[symbols].to_numpy(np.float32), expected.to_numpy())
            assert len(ours) == len(cells) and (expected.to_numpy() > 0).any()
            print("ok")
            """, arguments: [fixture.folder.appendingPathComponent("data/all.csv").path, Self.demo.path])
        #expect(checked.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test("a gene one matrix lacks is 0 there, listed in `absent` and said in the report")
    func geneAbsentFromAMatrix() async throws {
        let atlas = try TestPaths.temporaryDirectory("genes-atlas")
        defer { try? FileManager.default.removeItem(at: atlas) }
        for part in ["releases", "metadata", "expression_matrices"] {
            try FileManager.default.copyItem(at: Self.demo.appendingPathComponent(part), to: atlas.appendingPathComponent(part))
        }
        try TestPython.run("""
            import hashlib, json, os, sys, warnings
            import anndata
            warnings.simplefilter("ignore")
            manifest_path = sys.argv[1] + "/releases/20251031/manifest.json"
            manifest = json.load(open(manifest_path))
            entry = manifest["file_listing"]["WMB-10Xv2"]["expression_matrices"]["WMB-10Xv2-TH"]["log2"]["files"]["h5ad"]
            path = sys.argv[1] + "/" + entry["relative_path"]
            a = anndata.read_h5ad(path)
            os.remove(path)
            a[:, (a.var.gene_symbol != "Tac2").to_numpy()].copy().write_h5ad(path, compression="gzip")
            entry["size"] = os.path.getsize(path)
            entry["file_hash"] = hashlib.md5(open(path, "rb").read()).hexdigest()
            json.dump(manifest, open(manifest_path, "w"))
            """, arguments: [atlas.path])
        let (fixture, context) = try await setUp(source: atlas)
        try writeCellList(fixture)
        let result = try await run(Genes.self, ["genes": .list([.string("Tac2"), .string("Slc17a7")]), "cells": .string("cells.csv")], in: context)
        #expect(result.fields["absent"] == .list([.string("Tac2 in WMB-10Xv2-TH")]))
        #expect(result.html.contains("Genes absent from a matrix"))
        #expect(result.html.contains("<td class=\"num\">absent</td>"))
        let table = try #require(result.object(as: Table.self))
        let labels = try TestPython.run("""
            import sys, pandas as pd
            cells = pd.read_csv(sys.argv[1], dtype={"cell_label": str})
            print(",".join(cells.loc[cells.feature_matrix_label == "WMB-10Xv2-TH", "cell_label"]))
            """, arguments: [fixture.folder.appendingPathComponent("cells.csv").path])
        let th = Set(labels.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map(String.init))
        let cell = try table.column("cell_label"), tac2 = try table.column("Tac2")
        let thRows = (0..<table.rowCount).filter { th.contains(cell.text(at: $0)) }
        #expect(thRows.count == 9)
        #expect(thRows.allSatisfy { tac2.number(at: $0) == 0 })
    }

    @Test("an unknown gene is an error with a suggestion; an empty panel is an error; so is a cell list that names nothing")
    func geneErrors() async throws {
        let (fixture, context) = try await setUp()
        try writeCellList(fixture)
        let unknown = await errorMessage {
            _ = try await run(Genes.self, ["genes": .list([.string("Tac22")]), "cells": .string("cells.csv")], in: context)
        }
        #expect(unknown?.contains("gene 'Tac22' is neither a gene_symbol nor a gene_identifier of WMB-10X gene.csv (did you mean 'Tac2'?)") == true, "\(unknown ?? "")")
        let empty = await errorMessage {
            _ = try await run(Genes.self, ["genes": .list([]), "cells": .string("cells.csv")], in: context)
        }
        #expect(empty?.contains("the gene panel is empty") == true, "\(empty ?? "")")
        // A cell list that is neither an earlier stage nor a file says so, as `table` options do.
        let missing = await errorMessage {
            _ = try await run(Genes.self, ["genes": .list([.string("Tac2")]), "cells": .string("cels.csv")], in: context)
        }
        #expect(missing?.contains("file not found: cels.csv (from the report's folder), and no earlier stage has id 'cels.csv'") == true,
                "\(missing ?? "")")
        let unknown2 = await errorMessage {
            _ = try await run(Genes.self, ["genes": .list([.string("Tac2")]), "cells": .string("atlass")], in: context)
        }
        #expect(unknown2?.contains("no earlier stage has id 'atlass' (did you mean 'atlas'?)") == true, "\(unknown2 ?? "")")
    }

    @Test("heatmap tooltips give pandas' groupby mean and cell counts; a missing grouping column is an error")
    func heatmap() async throws {
        let (fixture, _) = try await setUp()
        try TestPython.run("""
            import sys
            import numpy as np, pandas as pd
            rng = np.random.default_rng(5)
            n = 600
            df = pd.DataFrame({"cell_label": ["c%d" % i for i in range(n)],
                               "neurotransmitter": rng.choice(["Glut", "GABA", "Dopa", ""], n),
                               "Slc17a7": np.where(rng.random(n) < 0.5, rng.gamma(2, 3, n), 0).round(3),
                               "Tac2": np.where(rng.random(n) < 0.2, rng.gamma(2, 2, n), 0).round(3)})
            df.to_csv(sys.argv[1], index=False)
            """, arguments: [fixture.folder.appendingPathComponent("panel.csv").path])
        let context = fixture.context(id: "heat")
        let result = try await run(Heatmap.self, ["table": .string("panel.csv"), "genes": .list([.string("Slc17a7"), .string("Tac2")]),
                                                  "group-by": .string("neurotransmitter")], in: context)
        let titles = result.html.rendered.components(separatedBy: "<title>").dropFirst(2).map { $0.components(separatedBy: "</title>")[0] }
        let expected = try TestPython.run("""
            import sys
            import pandas as pd
            t = pd.read_csv(sys.argv[1])
            by = t.groupby("neurotransmitter")
            means, sizes = by[["Slc17a7", "Tac2"]].mean(), by.size()
            for group in sorted(means.index):
                for gene in ["Slc17a7", "Tac2"]:
                    print(f"{group} · {gene}: mean {float('%.4g' % means.loc[group, gene]):g}; {sizes[group]} cells")
            """, arguments: [fixture.folder.appendingPathComponent("panel.csv").path])
        #expect(titles == expected.split(separator: "\n").map(String.init))
        #expect(result.fields["groups"] == .list([.string("Dopa"), .string("GABA"), .string("Glut")]))
        #expect(result.html.contains("<svg class=\"heatmap\""))
        let missing = await errorMessage {
            _ = try await run(Heatmap.self, ["table": .string("panel.csv"), "genes": .list([.string("Tac2")]),
                                             "group-by": .string("neurotransmiter")], in: context)
        }
        #expect(missing?.contains("the table panel.csv has no column 'neurotransmiter' (did you mean 'neurotransmitter'?)") == true, "\(missing ?? "")")
    }
}
