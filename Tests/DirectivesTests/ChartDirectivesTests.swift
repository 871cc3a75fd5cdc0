import Foundation
import TestSupport
import Testing
import Weave
@testable import Directives

@Suite struct ChartDirectivesTests {
    /// Points on a 10 × 10 grid of unit cells, three classes in taxonomy colours; row 4 has no x.
    static func writePoints(_ fixture: DirectiveFixture, badColorRow: Int? = nil) throws {
        var rows = ["cell,x,y,class,class_color,score,dataset"]
        let classes = [("10 Vascular", "#112233"), ("02 NP Glut", "#00AA00"), ("01 IT Glut", "#FF0000")]
        for i in 0..<9 {
            let (name, color) = classes[i % 3]
            let x = i == 3 ? "" : String(Double(i) + 0.5)
            rows.append("c\(i),\(x),\(Double(i) + 0.5),\(name),\(i + 1 == badColorRow ? "#12G456" : color),\(i),\(i < 5 ? "v2" : "v3")")
        }
        try fixture.write("points.csv", rows.joined(separator: "\n") + "\n")
    }

    static let grid: [String: Value] = [
        "table": .string("points.csv"), "x-limits": .list([.int(0), .int(10)]), "y-limits": .list([.int(0), .int(10)]),
        "width": .int(10), "height": .int(10), "point-size": .double(1),
    ]

    /// The embedded PNGs of a figure, decoded from their data URIs.
    static func pngs(_ html: String) -> [Data] {
        html.components(separatedBy: "data:image/png;base64,").dropFirst().compactMap { part in
            Data(base64Encoded: String(part.prefix { $0 != "\"" }))
        }
    }

    @Test func legendListsPresentCategoriesInLabelOrderWithTheirColours() async throws {
        let fixture = try DirectiveFixture()
        try Self.writePoints(fixture)
        var options = Self.grid
        options["color-by"] = .string("class")
        options["colors"] = .string("class_color")
        let result = try await run(Scatter.self, options, in: fixture.context(id: "umap"))
        let html = result.html.rendered
        let legend = try #require(html.range(of: "<g class=\"legend\">")).upperBound
        let entries = String(html[legend...])
        let positions = ["01 IT Glut", "02 NP Glut", "10 Vascular"].map { entries.range(of: ">\($0)<")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        for color in ["#ff0000", "#00aa00", "#112233"] { #expect(entries.contains("fill=\"\(color)\"")) }
        #expect(result.fields["categories"] == .int(3))
        options["legend-limit"] = .int(2)
        let capped = try await run(Scatter.self, options, in: fixture.context(id: "umap")).html.rendered
        #expect(capped.contains("+1 more"))
        #expect(!capped.contains(">10 Vascular<"))
    }

    @Test func nanCoordinatesAreSkippedAndCountedAndThePixelIsTheClassColour() async throws {
        let fixture = try DirectiveFixture()
        try Self.writePoints(fixture)
        var options = Self.grid
        options["color-by"] = .string("class")
        options["colors"] = .string("class_color")
        let result = try await run(Scatter.self, options, in: fixture.context(id: "umap"))
        #expect(result.fields["points"] == .int(8))
        #expect(result.fields["missing"] == .int(1))
        #expect(result.html.rendered.contains("1 rows without coordinates (NaN) skipped"))
        let png = try #require(Self.pngs(result.html.rendered).first)
        let dir = try TestPaths.temporaryDirectory("scatter")
        defer { try? FileManager.default.removeItem(at: dir) }
        try png.write(to: dir.appendingPathComponent("umap.png"))
        // Point 0 (10 Vascular) at (0.5, 0.5) is the bottom-left pixel; point 2 (01 IT Glut) at
        // (2.5, 2.5) is column 2 of row 7; point 4 (02 NP Glut) at (4.5, 4.5) column 4 of row 5.
        let pixels = try TestPython.run("""
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]); im.load()
            print(im.size, im.getpixel((0, 9)), im.getpixel((2, 7)), im.getpixel((3, 6)), im.getpixel((4, 5)))
            """, arguments: [dir.appendingPathComponent("umap.png").path])
        // Row 3 (x missing) would have been at (3, 6): it stays white.
        #expect(pixels.trimmingCharacters(in: .whitespacesAndNewlines)
                == "(10, 10) (17, 34, 51) (255, 0, 0) (255, 255, 255) (0, 170, 0)")
    }

    @Test func aBadHexColourIsAnErrorNamingItsRow() async throws {
        let fixture = try DirectiveFixture()
        try Self.writePoints(fixture, badColorRow: 5)
        var options = Self.grid
        options["color-by"] = .string("class")
        options["colors"] = .string("class_color")
        let message = await errorMessage { _ = try await run(Scatter.self, options, in: fixture.context(id: "umap")) }
        #expect(message?.contains("row 5") == true, "\(message ?? "no error")")
        #expect(message?.contains("'#12G456'") == true)
        let bars = await errorMessage {
            _ = try await run(Bar.self, ["table": .string("points.csv"), "group-by": .string("class"), "colors": .string("class_color")], in: fixture.context(id: "b"))
        }
        #expect(bars?.contains("row 5") == true, "\(bars ?? "no error")")
    }

    @Test func theSameSeedGivesTheSamePNG() async throws {
        let fixture = try DirectiveFixture()
        try Self.writePoints(fixture)
        var options = Self.grid
        options["point-size"] = .double(6)
        options["color-by"] = .string("class")
        func png(_ seed: Int) async throws -> [Data] {
            options["seed"] = .int(seed)
            return Self.pngs(try await run(Scatter.self, options, in: fixture.context(id: "umap")).html.rendered)
        }
        #expect(try await png(3) == png(3))
        #expect(try await png(3) != png(4))
    }

    @Test func numericColoursGetAColourBarAndFacetsGetPanels() async throws {
        let fixture = try DirectiveFixture()
        try Self.writePoints(fixture)
        var options = Self.grid
        options["color-by"] = .string("score")
        options["facet-by"] = .string("dataset")
        let result = try await run(Scatter.self, options, in: fixture.context(id: "umap"))
        #expect(result.fields["panels"] == .int(2))
        #expect(result.fields["categories"] == .int(0))
        #expect(result.html.rendered.contains("class=\"legend colorbar\""))
        #expect(result.html.rendered.contains(">v2 (5)<") && result.html.rendered.contains(">v3 (4)<"))
        #expect(Self.pngs(result.html.rendered).count == 2)
        options["colormap"] = .string("jet")
        #expect(await errorMessage { _ = try await run(Scatter.self, options, in: fixture.context(id: "umap")) }?.contains("magma_r") == true)
    }

    @Test func barsCountRowsAndDistinctValuesPerGroup() async throws {
        let fixture = try DirectiveFixture()
        try writeCells(fixture)
        let result = try await run(Bar.self, [
            "table": .string("cells.csv"), "group-by": .string("library_label"), "value": .list([.string("distinct:cluster_alias"), .string("rows")]),
            "panel-titles": .list([.string("clusters"), .string("cells")]), "log": .bool(true), "sort": .string("value"),
        ], in: fixture.context(id: "b"))
        #expect(result.fields["groups"] == .int(3))
        guard case .list(let bars)? = result.fields["bars"] else { Issue.record("no bars"); return }
        // 930 cells in all (cluster k has 2k); sort: value puts the largest library first.
        let cells = bars.compactMap { bar -> Double? in if case .record(let r) = bar, case .double(let v)? = r["rows"] { v } else { nil } }
        #expect(cells.reduce(0, +) == 930)
        #expect(cells == cells.sorted(by: >))
        // lib2 gets the third cell onwards of each cluster, so cluster 1 (2 cells) never reaches it.
        let clusters = bars.compactMap { bar -> Double? in
            if case .record(let r) = bar, case .double(let v)? = r["distinct cluster_alias"] { v } else { nil }
        }
        #expect(clusters.sorted() == [29, 30, 30])
        let html = result.html.rendered
        #expect(html.contains(">clusters<") && html.contains(">cells<") && html.contains("log scale"))
    }

    @Test func stackedBarsTakeSegmentColoursFromTheColumn() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("t.csv", "class,nt,nt_color\n01 A,Glut,#0000FF\n01 A,GABA,#FF0000\n01 A,Glut,#0000FF\n02 B,GABA,#FF0000\n")
        let result = try await run(Bar.self, ["table": .string("t.csv"), "group-by": .string("class"), "stacked-by": .string("nt"), "colors": .string("nt_color")],
                                   in: fixture.context(id: "b"))
        let html = result.html.rendered
        #expect(html.contains("<title>01 A, Glut: 2</title>") && html.contains("<title>01 A, GABA: 1</title>"))
        #expect(html.contains("fill=\"#0000ff\"") && html.contains("fill=\"#ff0000\""))
        #expect(html.contains(">Glut<") && html.contains(">GABA<"))
    }
}
