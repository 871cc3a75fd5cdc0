import Foundation
import Tables
import Testing
import TestSupport
import Weave
@testable import Directives

@Suite struct TableDirectivesTests {
    @Test func hostileValuesAreEscaped() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("hostile.csv", "name,<b>col</b>\n<script>alert(1)</script>,\"a & \"\"b\"\"\"\nx,'quoted'\n")
        let result = try await run(TableView.self, ["table": .string("hostile.csv")], in: fixture.context(id: "t"))
        #expect(!result.html.contains("<script>"))
        #expect(!result.html.contains("<b>"))
        #expect(result.html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
        #expect(result.html.contains("<th scope=\"col\">&lt;b&gt;col&lt;/b&gt;</th>"))
        #expect(result.html.contains("<td>a &amp; &quot;b&quot;</td>"))
        #expect(result.html.contains("<td>&#39;quoted&#39;</td>"))
        #expect(result.files.map(\.role) == [.input])
    }

    @Test func groupCountsSortedAndCapped() async throws {
        let fixture = try DirectiveFixture()
        try writeCells(fixture)
        let result = try await run(TableView.self, ["table": .string("cells.csv"), "group-by": .list([.string("library_label")]),
                                                    "sort-by": .string("-count"), "limit": .int(2)], in: fixture.context(id: "t"))
        // 930 cells; cell i of cluster k is in lib(i % 3): lib0 has the most.
        #expect(result.fields["rows"] == .int(3))
        #expect(result.html.contains("<tr><td>lib0</td><td class=\"num\">320</td></tr>"))
        #expect(result.html.contains("<tr><td>lib1</td><td class=\"num\">310</td></tr>"))
        #expect(!result.html.contains("lib2"))
        #expect(result.html.contains("Showing the first 2 of 3 rows."))
    }

    @Test func columnsAndSortErrors() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("t.csv", "a,b\n3,x\n1,y\n2,z\n,w\n")
        let result = try await run(TableView.self, ["table": .string("t.csv"), "columns": .list([.string("b"), .string("a")]), "sort-by": .string("a")],
                                   in: fixture.context(id: "t"))
        // Missing numbers sort first.
        #expect(result.html.contains("<tbody>\n<tr><td>w</td><td class=\"num\"></td></tr>\n<tr><td>y</td><td class=\"num\">1</td></tr>\n<tr><td>z</td><td class=\"num\">2</td></tr>"))
        #expect(await errorMessage {
            _ = try await run(TableView.self, ["table": .string("t.csv"), "sort-by": .string("c")], in: fixture.context(id: "t"))
        } == "option 'sort-by': no column 'c' among a, b")
    }

    @Test func histogramBinCountsAreExact() async throws {
        let fixture = try DirectiveFixture()
        // 0 … 9 and 10 (the max lands in the last bin): bins of width 2 over [0, 10].
        try fixture.write("v.csv", "v\n" + (0...10).map(String.init).joined(separator: "\n") + "\n\n")
        let result = try await run(Histogram.self, ["table": .string("v.csv"), "column": .string("v"), "bins": .int(5), "title": .string("<T>")],
                                   in: fixture.context(id: "h"))
        guard case .list(let bins)? = result.fields["bins"] else { Issue.record("no bins"); return }
        #expect(bins.map { $0.lookup(["count"]) } == [.int(2), .int(2), .int(2), .int(2), .int(3)])
        #expect(bins.first?.lookup(["lower"]) == .double(0))
        #expect(bins.last?.lookup(["upper"]) == .double(10))
        #expect(result.html.contains("<title>&lt;T&gt;</title>"))
        #expect(result.html.rendered.components(separatedBy: "<rect class=\"bar\"").count == 6)
        #expect(result.html.contains(">3</text>"))
        #expect(result.html.contains("11 values in 5 bins."))
    }

    @Test func histogramOfGroupSizesOnLog10Scale() async throws {
        let fixture = try DirectiveFixture()
        // Groups of 1, 10, 10 and 100 rows: log10 sizes 0, 1, 1, 2 in two bins [0,1) and [1,2].
        var rows = ["a"]
        rows += Array(repeating: "b", count: 10) + Array(repeating: "c", count: 10) + Array(repeating: "d", count: 100)
        try fixture.write("g.csv", "g\n" + rows.joined(separator: "\n") + "\n")
        let result = try await run(Histogram.self, ["table": .string("g.csv"), "count-by": .string("g"), "log10": .bool(true), "bins": .int(2)],
                                   in: fixture.context(id: "h"))
        guard case .list(let bins)? = result.fields["bins"] else { Issue.record("no bins"); return }
        #expect(bins.map { $0.lookup(["count"]) } == [.int(1), .int(3)])
        #expect(result.html.contains(">100</text>"))  // the last tick shows 10^2
    }

    @Test func histogramNeedsOneSource() async {
        #expect(await errorMessage { _ = try Histogram.bound(["table": .string("t")]) }
            == "option 'column': give exactly one of 'column' (a numeric column) and 'count-by' (a column whose groups are counted)")
        let fixture = try? DirectiveFixture()
        try? fixture?.write("t.csv", "s\nx\n")
        #expect(await errorMessage {
            _ = try await run(Histogram.self, ["table": .string("t.csv"), "column": .string("s")], in: fixture!.context(id: "h"))
        } == "option 'column': column 's' of t.csv is not numeric; row 1 (line 2 of the CSV) has 'x' (use count-by to count its groups)")
    }

    @Test func joinListsUnmatchedKeysEscaped() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("cells.csv", "cell,cluster_alias\nc1,1\nc2,<i>x</i>\nc3,2\nc4,7\n")
        try fixture.write("tax.csv", "cluster_alias,class\n1,A\n2,B\n5,C\n")
        let result = try await run(Join.self, ["table": .string("cells.csv"), "with": .string("tax.csv"), "on": .string("cluster_alias"),
                                               "output": .string("out/joined.csv")], in: fixture.context(id: "j"))
        #expect(result.fields["unmatched"] == .int(2))
        #expect(result.fields["unmatched_rows"] == .int(2))
        #expect(result.fields["unmatched_with"] == .int(1))
        #expect(result.html.contains("<code>&lt;i&gt;x&lt;/i&gt;</code>, <code>7</code>"))
        #expect(result.html.contains("Keys of tax.csv not used: <code>5</code>"))
        #expect(try String(decoding: fixture.read("out/joined.csv"), as: UTF8.self)
            == "cell,cluster_alias,class\nc1,1,A\nc2,<i>x</i>,\nc3,2,B\nc4,7,\n")
        #expect(result.files.map(\.role) == [.input, .input, .output])
    }

    @Test func tablesComeFromStagesTheirPathsOrFiles() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("t.csv", "a\n1\n2\n")
        let inMemory = StageResult(fields: [:], html: "", object: try CSVReader.parse(Array("a\n5\n".utf8), name: "mem"))
        let cached = StageResult(fields: ["path": .string("t.csv")], html: "")
        let other = StageResult(fields: [:], html: "")
        let context = fixture.context(id: "x", earlier: [("mem", "join", inMemory), ("cached", "downsample", cached), ("other", "atlas", other)])
        #expect(try await context.table("mem").rowCount == 1)
        #expect(try await context.table("cached").rowCount == 2)
        #expect(try await context.table("t.csv").rowCount == 2)
        #expect(await errorMessage { _ = try await context.table("other") } == "stage 'other' does not provide a table (in memory or a CSV `path`)")
        #expect(await errorMessage { _ = try await context.table("cashed") }
            == "no earlier stage has id 'cashed' (did you mean 'cached'?); earlier stages: mem, cached, other")
    }
}
