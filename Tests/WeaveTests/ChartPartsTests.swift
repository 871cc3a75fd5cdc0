import Foundation
import Testing
@testable import Weave
import TextFormats

@Suite("chart building blocks")
struct ChartPartsTests {
    @Test("linear ticks are multiples of a 1-2-5 step; log10 ticks sit at 1, 2, 5 × powers of ten")
    func ticks() {
        #expect(Ticks.linear(from: 0.3, to: 13) == [2, 4, 6, 8, 10, 12])
        #expect(Ticks.linear(from: 0, to: 1, maxCount: 4) == [0, 0.5, 1])
        #expect(Ticks.log10(from: 0, to: 2).map { (pow(10, $0) * 1000).rounded() / 1000 } == [1, 2, 5, 10, 20, 50, 100])
        // Over many decades only the powers of ten remain.
        #expect(Ticks.log10(from: 0, to: 6) == [0, 1, 2, 3, 4, 5, 6])
        #expect(Ticks.counts(upTo: 47) == [0, 10, 20, 30, 40, 50])
    }

    @Test("a colour scale interpolates between its stops and clamps outside its domain")
    func colorScale() {
        let scale = GradientScale(stops: [RGB(packed: 0x000000), RGB(packed: 0xffffff)])
        #expect(scale.color(at: 0).hex == "#000000")
        #expect(scale.color(at: 0.5).hex == "#808080")
        #expect(scale.color(for: 20, in: 0...10).hex == "#ffffff")
        #expect(scale.color(for: -1, in: 0...10).hex == "#000000")
        #expect(CategoricalPalette.standard.color(10) == CategoricalPalette.standard.color(0))
    }

    @Test("a legend escapes its labels and is as wide as its widest label")
    func legend() {
        let (svg, width) = Legend.entries([("<b>", RGB(packed: 0x4a7fb5)), ("a much longer label", RGB(packed: 0))], x: 0, y: 0)
        #expect(svg.contains("&lt;b&gt;") && !svg.contains("<b>"))
        #expect(svg.contains("fill=\"#4a7fb5\""))
        #expect(width == 11 + 4 + TextWidth.estimate("a much longer label", fontSize: 11))
        #expect(Legend.colorBar(GradientScale.blues, domain: 0...5, x: 0, y: 0, height: 100).contains(">5</text>"))
    }

    @Test("text width grows with length, font size and wide letters")
    func textWidth() {
        #expect(TextWidth.estimate("", fontSize: 12) == 0)
        #expect(TextWidth.estimate("iiii", fontSize: 12) < TextWidth.estimate("MMMM", fontSize: 12))
        #expect(TextWidth.estimate("abc", fontSize: 24) == 2 * TextWidth.estimate("abc", fontSize: 12))
        #expect(TextWidth.estimate("細胞", fontSize: 10) == 20)
    }

    @Test("axes place ticks by value and escape their labels")
    func axis() {
        let scale = LinearScale(domain: 0...10, from: 100, to: 0)
        let axis = Axis(edge: .left, scale: scale, ticks: [(5, "<5>")], title: "a&b", position: 40, gridTo: 300)
        #expect(axis.tickSVG.contains("y1=\"50.0\"") && axis.tickSVG.contains("&lt;5&gt;"))
        #expect(axis.titleSVG(centre: 50, offset: 16).contains("a&amp;b"))
    }
}

@Suite("HTMLText")
struct HTMLTextTests {
    @Test("interpolated text is escaped; nested HTMLText and raw markup are not")
    func escaping() {
        let name = "<script>&'\""
        let cell: HTMLText = "<td>\(name)</td>"
        #expect(cell.rendered == "<td>&lt;script&gt;&amp;&#39;&quot;</td>")
        let row: HTMLText = "<tr>\(cell)\(raw: "<td>ok</td>")</tr>"
        #expect(row.rendered == "<tr><td>&lt;script&gt;&amp;&#39;&quot;</td><td>ok</td></tr>")
        #expect([cell, cell].joined(separator: ", ").rendered.components(separatedBy: "<td>").count == 3)
    }
}
