import Foundation
import TestSupport
import Testing
import Weave
@testable import Directives

@Suite struct SunburstTests {
    /// Four clusters in two classes and three subclasses; cluster 1 has three cells.
    static let taxonomy = """
        cell,cluster,class,subclass,class_color,subclass_color
        a,1,01 A,01 A1,#FF0000,#FF8080
        b,1,01 A,01 A1,#FF0000,#FF8080
        c,1,01 A,01 A1,#FF0000,#FF8080
        d,2,01 A,01 A1,#FF0000,#FF8080
        e,3,01 A,02 A2,#FF0000,#FFC0C0
        f,4,02 B,03 B1,#0000FF,#8080FF

        """

    static let options: [String: Value] = [
        "table": .string("t.csv"), "levels": .list([.string("class"), .string("subclass")]),
        "value": .string("distinct:cluster"), "colors": .list([.string("class_color"), .string("subclass_color")]),
    ]

    @Test func arcsCarryTheirPathValueShareAndColour() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("t.csv", Self.taxonomy)
        let result = try await run(Sunburst.self, Self.options, in: fixture.context(id: "s"))
        #expect(result.fields["terms"] == .list([.int(2), .int(3)]))
        #expect(result.fields["total"] == .double(4))
        let html = result.html.rendered
        for tip in ["01 A: 3 distinct cluster (75%)", "02 B: 1 distinct cluster (25%)",
                    "01 A / 01 A1: 2 distinct cluster (50%)", "01 A / 02 A2: 1 distinct cluster (25%)"] {
            #expect(html.contains("<title>\(tip)</title>"), "\(tip)")
        }
        for color in ["#ff0000", "#0000ff", "#ff8080", "#ffc0c0", "#8080ff"] { #expect(html.contains("fill=\"\(color)\"")) }
        // Rows count cells: 01 A holds five of the six.
        var byRows = Self.options
        byRows["value"] = .string("rows")
        let rows = try await run(Sunburst.self, byRows, in: fixture.context(id: "s")).html.rendered
        #expect(rows.contains("<title>01 A: 5 rows (83.3%)</title>"))
    }

    @Test func sectorsRunClockwiseFromTheTopAndAFullRingDraws() {
        let quarter = SunburstChart.sector(center: (x: 0, y: 0), inner: 1, outer: 2, from: 0, span: .pi / 2)
        #expect(quarter == "M 0.0 -2.0 A 2.0 2.0 0 0 1 2.0 0.0 L 1.0 0.0 A 1.0 1.0 0 0 0 0.0 -1.0 Z")
        let full = SunburstChart.sector(center: (x: 0, y: 0), inner: 1, outer: 2, from: 0, span: 2 * .pi)
        #expect(full == "M 0.0 -2.0 A 2.0 2.0 0 0 1 0.0 2.0 A 2.0 2.0 0 0 1 0.0 -2.0 L 0.0 -1.0 A 1.0 1.0 0 0 0 0.0 1.0 A 1.0 1.0 0 0 0 0.0 -1.0 Z")
    }

    @Test func badInputNamesTheRowColumnOrMeasure() async throws {
        let fixture = try DirectiveFixture()
        try fixture.write("t.csv", Self.taxonomy.replacingOccurrences(of: "e,3,01 A,02 A2,#FF0000,#FFC0C0", with: "e,3,01 A,02 A2,#FF0000,#FFC0CX"))
        let badHex = await errorMessage { _ = try await run(Sunburst.self, Self.options, in: fixture.context(id: "s")) }
        #expect(badHex?.contains("row 5") == true && badHex?.contains("#FFC0CX") == true, "\(badHex ?? "no error")")
        var missing = Self.options
        missing["levels"] = .list([.string("class"), .string("supertype")])
        missing["colors"] = nil
        let column = await errorMessage { _ = try await run(Sunburst.self, missing, in: fixture.context(id: "s")) }
        #expect(column?.contains("supertype") == true, "\(column ?? "no error")")
        var measure = Self.options
        measure["value"] = .string("clusters")
        let parse = await errorMessage { _ = try await run(Sunburst.self, measure, in: fixture.context(id: "s")) }
        #expect(parse?.contains("distinct:COLUMN") == true, "\(parse ?? "no error")")
        var counts = Self.options
        counts["colors"] = .list([.string("class_color")])
        let colors = await errorMessage { _ = try await run(Sunburst.self, counts, in: fixture.context(id: "s")) }
        #expect(colors?.contains("1 colour columns for 2 levels") == true, "\(colors ?? "no error")")
    }
}
