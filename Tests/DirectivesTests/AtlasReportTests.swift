import Foundation
import Testing
import TestSupport
import Weave
@testable import Directives

@Suite("atlas reports over HTTP", .needsPython)
struct AtlasReportTests {
    @Test("a report with atlas + metadata against a bucket server shows the release and the verified file card; a bad name fails in the report")
    func rendersOverHTTP() async throws {
        let atlas = try AtlasFixture()
        let server = try BucketServer(root: atlas.bucket, pageSize: 1)
        let markdown = """
        # Atlas

        ```{atlas}
        source: \(server.baseURL.absoluteString)
        manifest: latest
        ```

        Release {{ atlas.release }}, {{ cells.rows }} genes.

        ```{metadata}
        id: cells
        directory: WMB-10X
        file: gene
        ```
        """
        let report = atlas.fixture.folder.appendingPathComponent("atlas.md")
        try Data(markdown.utf8).write(to: report)
        let template = try ReportTemplate(directory: TestPaths.packageRoot.appendingPathComponent("templates"))
        let document = try ReportDocument.load(url: report, directives: DirectiveCatalog.all)
        let outcome = try await ReportRenderer(template: template, cache: .normal).render(document)
        #expect(outcome.failure == nil)
        let html = try String(contentsOf: outcome.output, encoding: .utf8)
        let entry = try await atlas.manifestEntry(release: "20251031", directory: "WMB-10X", file: "gene")
        #expect(html.contains("Release 20251031"))
        #expect(html.contains("WMB-10X / gene"))
        #expect(html.contains("\(entry.md5) (verified now against the manifest)"))
        #expect(html.contains("downloaded now"))
        #expect(html.contains("abc_data/\(entry.relativePath)"))
        // The listing took several pages, and the file was fetched once from the server.
        #expect(try server.requests().filter { $0.path.contains("list-type=2") }.count >= 2)
        #expect(try server.requests(for: entry.relativePath).count == 1)

        try Data(markdown.replacingOccurrences(of: "file: gene", with: "file: gen").utf8).write(to: report)
        let failing = try await ReportRenderer(template: template, cache: .normal)
            .render(try ReportDocument.load(url: report, directives: DirectiveCatalog.all))
        #expect(failing.failure?.id == "cells")
        let page = try String(contentsOf: failing.output, encoding: .utf8)
        #expect(page.contains("did you mean &#39;gene&#39;"))
    }
}
