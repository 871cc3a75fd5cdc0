import Foundation
import Tables
import Testing
import TestSupport
import Weave
@testable import Directives

/// Table and path inputs that used to crash, mislead or escape the report's folder (issue 17).
@Suite struct HostileInputTests {
    @Test func histogramLeavesOutInfiniteValuesAndSaysSo() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("n.csv", "cell_label,cluster_alias,x\na,1,1\nb,1,1e309\nc,1,-1e309\nd,1,3\ne,1,1.7e308\nf,1,-1.7e308\n")
        let result = try await run(Histogram.self, ["table": .string("n.csv"), "column": .string("x"), "bins": .int(4)],
                                   in: fixture.context(id: "h"))
        #expect(result.fields["values"] == .int(4))
        guard case .list(let bins)? = result.fields["bins"] else { Issue.record("no bins"); return }
        #expect(bins.map { $0.lookup(["count"]) } == [.int(1), .int(0), .int(2), .int(1)])
        #expect(result.html.contains("2 infinite values (beyond ±1.8e308) left out."))
        #expect(!result.html.contains("nan") && !result.html.contains("inf\""))
        // Only infinite values: an empty chart, not a trap.
        try fixture.write("i.csv", "x\n1e309\n-1e400\n")
        let none = try await run(Histogram.self, ["table": .string("i.csv"), "column": .string("x"), "log10": .bool(true)],
                                 in: fixture.context(id: "h"))
        #expect(none.fields["values"] == .int(0))
    }

    @Test func histogramOfANonNumericColumnNamesTheRowAndValue() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("t.csv", "s\n1\n2\n0x10\n")
        #expect(await errorMessage {
            _ = try await run(Histogram.self, ["table": .string("t.csv"), "column": .string("s")], in: fixture.context(id: "h"))
        } == "option 'column': column 's' of t.csv is not numeric; row 3 (line 4 of the CSV) has '0x10' (use count-by to count its groups)")
    }

    @Test func aMissingCSVSaysFileNotFoundAndNamesTheStages() async throws {
        let fixture = try DirectiveFixture()
        let earlier: [(id: String, directive: String, result: StageResult)] = [("cells", "metadata", StageResult(fields: [:], html: ""))]
        #expect(await errorMessage {
            _ = try await run(TableView.self, ["table": .string("data/cell.csv")], in: fixture.context(id: "t", earlier: earlier))
        } == "file not found: data/cell.csv (from the report's folder), and no earlier stage has id 'data/cell.csv'; earlier stage ids: cells")
        #expect(await errorMessage {
            _ = try await run(TableView.self, ["table": .string("cels.csv")], in: fixture.context(id: "t", earlier: earlier))
        }?.contains("(did you mean 'cells'?)") == true)
    }

    @Test func optionsOutsideTheReportFolderAreRefusedUnlessAllowed() async throws {
        let fixture = try DirectiveFixture()
        let outside = try TestPaths.temporaryDirectory("outside")
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data("a,b\n1,2\n".utf8).write(to: outside.appendingPathComponent("pw.csv"))
        try fixture.write("cells.csv", "cell_label,cluster_alias\nc1,1\nc2,1\n")
        let strict = fixture.context(id: "s")
        let relative = "../\(outside.lastPathComponent)/pw.csv"

        let reads: [(any Directive.Type, [String: Value])] = [
            (TableView.self, ["table": .string(relative)]),
            (FileSummary.self, ["files": .list([.string("/etc/passwd")])]),
            (Join.self, ["table": .string("cells.csv"), "with": .string(outside.appendingPathComponent("pw.csv").path), "on": .string("a")]),
            (Atlas.self, ["source": .string(outside.absoluteString)]),
        ]
        for (directive, options) in reads {
            let message = await errorMessage { _ = try await run(directive, options, in: strict) }
            #expect(message?.contains("reads") == true && message?.contains("outside the report's folder") == true, "\(directive): \(message ?? "nil")")
        }
        let writes: [(any Directive.Type, [String: Value])] = [
            (Downsample.self, ["table": .string("cells.csv"), "target": .int(2), "output": .string(outside.appendingPathComponent("x.csv").path)]),
            (Join.self, ["table": .string("cells.csv"), "with": .string("cells.csv"), "on": .string("cell_label"), "output": .string("../x.csv")]),
            (Atlas.self, ["source": .string("demo"), "cache": .string(outside.path)]),
        ]
        for (directive, options) in writes {
            let message = await errorMessage { _ = try await run(directive, options, in: strict) }
            #expect(message?.contains("writes") == true && message?.contains("outside the report's folder") == true, "\(directive): \(message ?? "nil")")
        }
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("x.csv").path))

        // The same options run when the command line allows the folder.
        let allowed = fixture.context(id: "a", paths: PathPolicy(reportFolder: fixture.folder, allowed: [(outside, "--allow-outside")]))
        let table = try await run(TableView.self, ["table": .string(relative)], in: allowed)
        #expect(table.fields["rows"] == .int(1))
        _ = try await run(Downsample.self, ["table": .string("cells.csv"), "target": .int(2),
                                            "output": .string(outside.appendingPathComponent("x.csv").path)], in: allowed)
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("x.csv").path))
    }
}
