import Checksums
import Foundation
import Testing
import TestSupport
import Weave
@testable import Directives

@Suite("{file-summary}", .needsPython)
struct FileSummaryTests {
    private func context(in folder: URL) -> StageContext {
        DirectiveFixture.context(document: folder.appendingPathComponent("report.md"), id: "file-summary")
    }

    @Test("records each file as an input with its size and MD5, and shows it escaped")
    func summarises() async throws {
        let folder = try TestPaths.temporaryDirectory("file-summary")
        let name = "a<b>.csv"
        let url = folder.appendingPathComponent(name)
        try Data("x,y\n1,2\n".utf8).write(to: url)
        let directive = try FileSummary.bound(["files": .list([.string(name)])])
        let result = try await directive.run(in: context(in: folder))
        let md5 = try SystemChecksum.md5(url)
        #expect(result.files == [FileRecord(path: url.path, role: .input, size: 8, checksum: Checksum(.md5, hex: md5))])
        #expect(result.html.contains("a&lt;b&gt;.csv"))
        #expect(!result.html.contains("a<b>"))
        #expect(result.html.contains("<dd>8 bytes</dd>"))
    }

    @Test("a missing file is a run-time error naming it")
    func missingFile() async throws {
        let folder = try TestPaths.temporaryDirectory("file-summary")
        let directive = try FileSummary.bound(["files": .list([.string("gone.csv")])])
        await #expect(throws: DirectiveError.self) { try await directive.run(in: context(in: folder)) }
    }

    @Test("an empty list is rejected when the options are read")
    func emptyList() {
        #expect(throws: DirectiveError.self) { try FileSummary.bound(["files": .list([])]) }
    }

    @Test("a CSV card gives its rows and columns")
    func csvContent() async throws {
        let folder = try TestPaths.temporaryDirectory("file-summary")
        try Data("cell,cluster,x\nc1,a,1.5\nc2,\"b,c\",2\nc3,a,\n".utf8).write(to: folder.appendingPathComponent("cells.csv"))
        let directive = try FileSummary.bound(["files": .list([.string("cells.csv")])])
        let html = try await directive.run(in: context(in: folder)).html
        #expect(html.contains("<dt>rows</dt><dd>3</dd>"), "\(html)")
        #expect(html.contains("<dt>columns</dt><dd>3: cell, cluster, x</dd>"), "\(html)")
    }

    @Test("an h5ad card gives its shape, X encoding and dtype, nnz and obs/var columns, as anndata reads them")
    func h5adContent() async throws {
        let folder = try TestPaths.temporaryDirectory("file-summary")
        let source = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas/expression_matrices/WMB-10Xv2/20230630/WMB-10Xv2-TH-raw.h5ad")
        try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent("m.h5ad"))
        let directive = try FileSummary.bound(["files": .list([.string("m.h5ad")])])
        let html = try await directive.run(in: context(in: folder)).html
        let facts = try TestPython.run("""
            import sys, anndata
            a = anndata.read_h5ad(sys.argv[1])
            print(a.n_obs, a.n_vars, a.X.nnz, a.X.dtype, ",".join(a.obs.columns), ",".join(a.var.columns))
            """, arguments: [source.path]).split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(html.contains("<dt>shape</dt><dd>\(Value.int(Int(facts[0])!).prose) cells × \(Value.int(Int(facts[1])!).prose) genes</dd>"), "\(html)")
        #expect(html.contains("<dt>X</dt><dd>csr_matrix, \(facts[3])</dd>"), "\(html)")
        #expect(html.contains("<dt>nnz</dt><dd>\(Value.int(Int(facts[2])!).prose)</dd>"), "\(html)")
        for column in facts[4].split(separator: ",") + facts[5].split(separator: ",") { #expect(html.contains("\(column) ("), "\(column)") }
    }
}
