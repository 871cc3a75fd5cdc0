import Foundation
import Testing
import TestSupport

/// Issue 17's reproductions, run through the built binary: exit status and messages.
@Suite("atlasweave render on hostile documents")
struct HostileReportCommandTests {
    private func folder(_ report: String) throws -> URL {
        let folder = try TestPaths.temporaryDirectory("hostile")
        try Data(report.utf8).write(to: folder.appendingPathComponent("report.md"))
        return folder
    }

    @Test("histogram of a column holding 1e309 renders (exit 0) and says what was left out")
    func histogramOverflow() throws {
        let folder = try folder("```{histogram}\ntable: n.csv\ncolumn: x\n```\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("cell_label,cluster_alias,x\na,1,1\nb,1,1e309\n".utf8).write(to: folder.appendingPathComponent("n.csv"))
        let result = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("1 values in 1 bins. 1 infinite values (beyond ±1.8e308) left out."))
    }

    @Test("a NUL byte: exit 2 at the NUL's line; an alias bomb: exit 2 within seconds")
    func nulAndAliasBomb() throws {
        let folder = try folder("# a\n\nok\n\u{0}\n\n```{table}\ntable: x.csv\n```\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let nul = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(nul.status == 2)
        #expect(nul.stderr.contains("report.md:4: error: a NUL byte"), "\(nul.stderr)")

        let params = HostileDocumentFixtures.aliasBomb.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n")
        try Data("---\nparams:\n\(params)\n---\n".utf8).write(to: folder.appendingPathComponent("report.md"))
        let start = Date()
        let bomb = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(bomb.status == 2)
        #expect(bomb.stderr.contains("expand to more than 100000 values"), "\(bomb.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("output outside the folder: exit 2, nothing written; --allow-outside lets it through")
    func allowOutside() throws {
        let outside = try TestPaths.temporaryDirectory("outside")
        let target = outside.appendingPathComponent("x.csv")
        let folder = try folder("```{downsample}\ntable: cells.csv\ntarget: 2\noutput: \(target.path)\n```\n")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: outside)
        }
        try Data("cell_label,cluster_alias\nc1,1\nc2,1\n".utf8).write(to: folder.appendingPathComponent("cells.csv"))
        let refused = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("report.md:4: error: stage 'downsample' ({downsample}) failed: option 'output' writes '\(target.path)'"),
                "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("report.html").path))

        let allowed = try BuiltBinary.run(["render", "report.md", "--allow-outside", outside.path], in: folder)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(FileManager.default.fileExists(atPath: target.path))
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("report.html").path),
                "the report goes beside its output, as before")
    }

    @Test("a path given with -P is allowed; the same path as a default is not")
    func paramsAllowPaths() throws {
        let outside = try TestPaths.temporaryDirectory("outside")
        let folder = try folder("---\nparams:\n  file: cells.csv\n---\n\n```{file-summary}\nfiles: \"{{ params.file }}\"\n```\n")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: outside)
        }
        let csv = outside.appendingPathComponent("cells.csv")
        try Data("a\n1\n".utf8).write(to: csv)
        let viaP = try BuiltBinary.run(["render", "report.md", "-P", "file=\(csv.path)"], in: folder)
        #expect(viaP.status == 0, "\(viaP.stderr)")
        try Data("file: \(csv.path)\n".utf8).write(to: folder.appendingPathComponent("p.yml"))
        let viaParams = try BuiltBinary.run(["render", "report.md", "--params", "p.yml"], in: folder)
        #expect(viaParams.status == 0, "\(viaParams.stderr)")
        try Data("---\nparams:\n  file: \(csv.path)\n---\n\n```{file-summary}\nfiles: \"{{ params.file }}\"\n```\n".utf8)
            .write(to: folder.appendingPathComponent("report.md"))
        let asDefault = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(asDefault.status == 2)
        #expect(asDefault.stderr.contains("option 'files' reads"), "\(asDefault.stderr)")
    }

    @Test("the report goes where a successful run puts it after a failure too, replacing the stale one")
    func reportLocationAfterFailure() throws {
        let sample = "```{downsample}\ntable: cells.csv\ntarget: 2\noutput: out/sample.csv\n```\n"
        let folder = try folder(sample)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("cell_label,cluster_alias\nc1,1\nc2,1\n".utf8).write(to: folder.appendingPathComponent("cells.csv"))
        let report = folder.appendingPathComponent("out/report.html")
        let ok = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("report: \(report.path)"))
        try Data(("```{table}\ntable: missing.csv\n```\n\n" + sample).utf8).write(to: folder.appendingPathComponent("report.md"))
        let failed = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("report: \(report.path)"), "\(failed.stderr)")
        // Item 16: the missing file is named, with the stage ids there are.
        #expect(failed.stderr.contains("report.md:1: error: stage 'table' ({table}) failed: file not found: missing.csv (from the report's folder), and no earlier stage has id 'missing.csv'; earlier stage ids: none"))
        #expect(try String(contentsOf: report, encoding: .utf8).contains("Stage &#39;table&#39; failed"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
    }

    @Test("table errors and values: duplicate columns, a non-numeric row, -0 grouped with 0, -P text kept")
    func tableMessages() throws {
        let folder = try folder("""
            ---
            params:
              t: plain
            ---

            Text: {{ params.t }}

            ```{table}
            table: z.csv
            group-by: v
            ```
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("v\n0\n-0.0\n0.5\n".utf8).write(to: folder.appendingPathComponent("z.csv"))
        let ok = try BuiltBinary.run(["render", "report.md", "-P", "t=a: b # c"], in: folder)
        #expect(ok.status == 0, "\(ok.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Text: a: b # c"))
        #expect(html.contains("<tr><td class=\"num\">0</td><td class=\"num\">2</td></tr>") && !html.contains(">-0<"), "one group for 0 and -0")

        try Data("x,x\n1,2\n".utf8).write(to: folder.appendingPathComponent("z.csv"))
        let duplicate = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("z.csv:1: column 2: duplicate column name 'x' (also column 1); give each column its own name"), "\(duplicate.stderr)")

        try Data("```{histogram}\ntable: z.csv\ncolumn: x\n```\n".utf8).write(to: folder.appendingPathComponent("report.md"))
        try Data("x\n1\n\" 5\"\n".utf8).write(to: folder.appendingPathComponent("z.csv"))
        let text = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(text.status == 1)
        #expect(text.stderr.contains("column 'x' of z.csv is not numeric; row 2 (line 3 of the CSV) has ' 5'; spaces around a number make it text"), "\(text.stderr)")
    }

    @Test("a remote image: exit 2 with its line")
    func remoteImage() throws {
        let folder = try folder("# T\n\n![t](https://example.com/t.png)\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("report.md:3: error: image 'https://example.com/t.png' is remote"), "\(result.stderr)")
    }
}

enum HostileDocumentFixtures {
    /// Nine levels of `&a [*b, *b, …]`: 9^9 values once the aliases are followed.
    static let aliasBomb = (0..<9).map { level -> String in
        let name = String(UnicodeScalar(UInt8(97 + level)))
        let items = level == 0 ? Array(repeating: "\"x\"", count: 9) : Array(repeating: "*" + String(UnicodeScalar(UInt8(96 + level))), count: 9)
        return "\(name): &\(name) [\(items.joined(separator: ", "))]"
    }.joined(separator: "\n")
}
