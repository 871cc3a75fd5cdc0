import Foundation
import Testing
import TestSupport
import Weave
@testable import Directives

/// `qc` and `export` rendered in a document on the demo atlas: symbols through gene.csv, the
/// metrics and filtered list, the export folder, and the errors at their lines.
@Suite("{qc} and {export}")
struct QCExportTests {
    static let demo = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas")

    /// A report folder with `cells.h5ad` (the demo's MB matrix, gene_symbol dropped from var so
    /// symbols must come from gene.csv) and `nox.h5ad` (obs and var only).
    private func folder() throws -> URL {
        let folder = try TestPaths.temporaryDirectory("qc-directive")
        try TestPython.run("""
            import sys, anndata as ad
            a = ad.read_h5ad(sys.argv[1])
            a.var = a.var.drop(columns=["gene_symbol"])
            a.obs["dataset_label"] = ["WMB-10Xv3" if i % 2 else "WMB-10Xv2" for i in range(a.n_obs)]
            a.write_h5ad(sys.argv[2] + "/cells.h5ad")
            ad.AnnData(obs=a.obs, var=a.var).write_h5ad(sys.argv[2] + "/nox.h5ad")
            """, arguments: [Self.demo.appendingPathComponent("expression_matrices/WMB-10Xv3/20230630/WMB-10Xv3-MB-raw.h5ad").path, folder.path])
        return folder
    }

    private func render(_ body: String, in folder: URL) async throws -> RenderOutcome {
        let url = folder.appendingPathComponent("report.md")
        try Data("# QC\n\n```{atlas}\nsource: demo\nmanifest: \"20251031\"\n```\n\n\(body)".utf8).write(to: url)
        let template = try ReportTemplate(directory: TestPaths.packageRoot.appendingPathComponent("templates"))
        return try await ReportRenderer(template: template, cache: .normal).render(try ReportDocument.load(url: url, directives: DirectiveCatalog.all))
    }

    @Test("qc finds symbols through gene.csv, writes the metrics and the filtered cells; export writes the 10x folder")
    func qcThenExport() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try await render("""
            ```{qc}
            id: qc
            h5ad: cells.h5ad
            qc-vars: ["mt=^mt-", "snap=^Snap25$"]
            output: out/qc.h5ad
            min-genes: 60
            max-pct: "snap=5"
            ```

            ```{export}
            id: tenx
            h5ad: qc
            output: out/tenx
            ```
            """, in: folder)
        #expect(outcome.failure == nil, "\(String(describing: outcome.failure?.status))")
        let qc = try #require(outcome.stages.first { $0.id == "qc" }?.result)
        #expect(qc.fields["sets"] == .record(["mt": .int(0), "snap": .int(1)]))
        #expect(qc.fields["path"] == .string("out/qc.h5ad"))
        #expect(qc.fields["filtered_cells"] == .string("out/qc_qc_cells.csv"))
        let checked = try TestPython.run("""
            import sys, anndata as ad, pandas as pd
            a = ad.read_h5ad(sys.argv[1] + "/out/qc.h5ad")
            kept = pd.read_csv(sys.argv[1] + "/out/qc_qc_cells.csv", index_col=0)
            want = a.obs[(a.obs.n_genes_by_counts >= 60) & ~(a.obs.pct_counts_snap > 5)]
            assert list(kept.index) == list(want.index), (len(kept), len(want))
            assert bool(a.var["snap"].sum() == 1) and "dataset_label" in kept.columns
            print(len(kept), a.n_obs - len(kept))
            """, arguments: [folder.path]).split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect(qc.fields["kept_cells"] == .int(checked[0]) && qc.fields["removed_cells"] == .int(checked[1]))
        let tenx = try #require(outcome.stages.first { $0.id == "tenx" }?.result)
        #expect(tenx.fields["files"] == .list(["matrix.mtx.gz", "features.tsv.gz", "barcodes.tsv.gz", "cell_metadata.csv", "gene_metadata.csv"].map { .string($0) }))
        let features = try TestPython.run("import gzip, sys; print(gzip.open(sys.argv[1]).read().decode().count('\\tSnap25\\tGene Expression'))",
                                          arguments: [folder.appendingPathComponent("out/tenx/features.tsv.gz").path])
        #expect(features.trimmingCharacters(in: .newlines) == "1")
        let page = try String(contentsOf: outcome.output, encoding: .utf8)
        #expect(page.contains("n_genes_by_counts, dataset_label WMB-10Xv3") && page.contains("min-genes 60"))
    }

    @Test("an h5ad without X, a pattern that does not compile, an output folder in the way: named, at their lines")
    func errors() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let noX = try await render("```{qc}\nh5ad: nox.h5ad\n```\n", in: folder)
        #expect("\(String(describing: noX.failure?.status))".contains("nox.h5ad: /X: not valid AnnData: no X matrix"))

        // A pattern is checked when the document is read: nothing runs, the error names its line.
        let pattern = await errorMessage { _ = try await render("```{qc}\nh5ad: cells.h5ad\nqc-vars: [\"mt=^mt-\", \"bad=Rp[sl\"]\n```\n", in: folder) }
        #expect(pattern?.contains("report.md:10: error: {qc}: option 'qc-vars': gene set 'bad': pattern 'Rp[sl' is not a valid regular expression") == true)

        try Data("not a folder".utf8).write(to: folder.appendingPathComponent("tenx"))
        let inTheWay = try await render("```{export}\nh5ad: cells.h5ad\noutput: tenx\n```\n", in: folder)
        #expect("\(String(describing: inTheWay.failure?.status))".contains("tenx is in the way: a file"))
        #expect(inTheWay.failure?.failureLine == 10)
        #expect(try String(contentsOf: folder.appendingPathComponent("tenx"), encoding: .utf8) == "not a folder")
    }
}
