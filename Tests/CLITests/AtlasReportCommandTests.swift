import Foundation
import Testing
import TestSupport

/// The built binary rendering reports on the bundled demo atlas (found from the executable's place).
@Suite("atlasweave render with {atlas} on the demo atlas", .needsPython)
struct AtlasReportCommandTests {
    /// The demo report: atlas, metadata and downsample (other suites add stages to it).
    static let report = """
        # Demo

        ```{atlas}
        source: demo
        manifest: latest
        ```

        Release {{ atlas.release }}: {{ cells.rows }} cells in {{ cells.distinct.cluster_alias }} clusters.

        ```{metadata}
        id: cells
        directory: WMB-10X
        file: cell_metadata
        ```

        ```{downsample}
        id: sample
        table: cells
        target: 1500
        keep-below: 50
        output: sample.csv
        ```

        Kept {{ sample.kept_cells }} cells of {{ sample.small_clusters }} small clusters; selected {{ sample.selected }}.
        """

    @Test("atlas + metadata + downsample: the counts in the prose match the demo's cell table, and stderr shows the download")
    func rendersDemo() throws {
        let folder = try TestPaths.temporaryDirectory("cli-atlas")
        try Data(Self.report.utf8).write(to: folder.appendingPathComponent("report.md"))
        let result = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("cell_metadata.csv: downloading"))

        let csv = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas/metadata/WMB-10X/20250531/cell_metadata.csv")
        let counts = try TestPython.run("""
            import sys, pandas as pd
            sizes = pd.read_csv(sys.argv[1], dtype=str)["cluster_alias"].value_counts()
            small = sizes[sizes < 50]
            print(f"{sizes.sum():,} {len(sizes):,} {small.sum():,} {len(small):,}")
            """, arguments: [csv.path]).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Release 20251031: \(counts[0]) cells in \(counts[1]) clusters."))
        #expect(html.contains("Kept \(counts[2]) cells of \(counts[3]) small clusters; selected 1,500."))
        #expect(html.contains("(verified now against the manifest)"))

        // Rendered again: the metadata file comes from the atlas cache, and no stage fails.
        let again = try BuiltBinary.run(["render", "report.md", "--no-cache"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("cell_metadata.csv: in cache"))
    }

    @Test("an unknown file name fails the render with the suggestion on stderr and in the report")
    func unknownFile() throws {
        let folder = try TestPaths.temporaryDirectory("cli-atlas")
        try Data(Self.report.replacingOccurrences(of: "file: cell_metadata", with: "file: cell_metdata").utf8)
            .write(to: folder.appendingPathComponent("report.md"))
        let result = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("did you mean 'cell_metadata'"))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("did you mean &#39;cell_metadata&#39;"))
    }
}
