import Foundation
import Testing
import TestSupport

/// The main report and a table-heavy one, rendered by the built binary, then read in headless
/// Chromium through Selenium as a person would (`Tests/Scripts/check_report_page.py`).
@Suite("the report page in a browser", .needsBrowser)
struct ReportPageBrowserTests {
    @Test("tables sort, filter and download in full; @ID jumps; the TOC sticks; dark mode; charts are described; no request")
    func readerChecks() throws {
        let folder = try TestPaths.temporaryDirectory("browser")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("reports/wmb-downsample.md"),
                                         to: folder.appendingPathComponent("wmb-downsample.md"))
        let main = try BuiltBinary.run(["render", "wmb-downsample.md", "--quiet"], in: folder)
        #expect(main.status == 0, "\(main.stderr)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        let values = folder.appendingPathComponent("data/values.csv")
        try Data(Self.valuesCSV.utf8).write(to: values)
        try Data(Self.tablesReport.utf8).write(to: folder.appendingPathComponent("tables.md"))
        let tables = try BuiltBinary.run(["render", "tables.md", "--quiet"], in: folder)
        #expect(tables.status == 0, "\(tables.stderr)")

        let check = try TestBrowser.runScript("check_report_page.py", arguments: [
            folder.appendingPathComponent("data/wmb-downsample.html").path,
            try Self.cached("cluster_to_cluster_annotation_membership_pivoted.csv", in: folder).path,
            try Self.cached("cell_metadata.csv", in: folder).path,
            folder.appendingPathComponent("tables.html").path, values.path,
        ])
        #expect(check.status == 0 && check.stdout.hasSuffix("all checks passed\n"), "\(check.stdout)\(check.stderr)")
    }

    /// The file the metadata stage put in the atlas cache.
    static func cached(_ name: String, in folder: URL) throws -> URL {
        let files = FileManager.default.enumerator(at: folder.appendingPathComponent("abc_data"), includingPropertiesForKeys: nil)
        let found = (files?.allObjects as? [URL] ?? []).filter { $0.lastPathComponent == name }
        return try #require(found.count == 1 ? found[0] : nil, "\(name) in abc_data: \(found)")
    }

    /// 120 rows: names that sort naturally only as numbers ("item 2" before "item 10"), sizes with
    /// empty cells, notes with commas, quotes, line breaks and a non-ASCII letter.
    static let valuesCSV: String = {
        let names = [10, 2, 1, 20, 11, 3] + (4...120).filter { ![10, 11, 20].contains($0) }
        var lines = ["name,size,note"]
        for (i, n) in names.enumerated() {
            let size = i % 9 == 4 ? "" : String((i * 37) % 101 * 25)
            let note = i % 10 == 0 ? "\"café, \"\"quoted\"\"\"" : i % 10 == 3 ? "\"two\nlines\"" : "plain \(i)"
            lines.append("item \(n),\(size),\(note)")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static let filler = (1...30).map { "Paragraph \($0) of text that makes the page long enough to scroll." }.joined(separator: "\n\n")

    static let tablesReport = """
        ---
        title: Table checks
        ---

        # Values

        The first rows are in @values; @sizes shows their sizes.

        ```{table}
        id: values
        table: data/values.csv
        limit: 20
        caption: The values, first rows.
        ```

        \(filler)

        # Sizes

        ```{histogram}
        id: sizes
        table: data/values.csv
        column: size
        caption: Sizes of the values.
        ```

        \(filler)
        """
}
