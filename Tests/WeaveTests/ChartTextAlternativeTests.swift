import Foundation
import Testing
@testable import Weave
import TextFormats

/// Every chart is `role="img"` with a text alternative built from its data (`ChartFrame`).
@Suite("chart text alternatives")
struct ChartTextAlternativeTests {
    /// The `aria-label` of the first chart in `svg`, unescaped.
    static func label(_ svg: HTMLText) throws -> String {
        let text = svg.rendered
        let start = try #require(text.range(of: "role=\"img\" aria-label=\""))
        let end = try #require(text[start.upperBound...].firstIndex(of: "\""))
        return String(text[start.upperBound..<end]).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
    }

    @Test("a histogram names its bins, range, count and tallest bin")
    func histogram() throws {
        let values: [Double] = [1, 1, 1, 2, 2, 3, 4] + Array(repeating: 2.5, count: 1200)
        let chart = HistogramChart(bins: HistogramChart.bins(of: values, count: 3), title: "Sizes", xLabel: "x", yLabel: "cells")
        #expect(try Self.label(chart.svg) == "Sizes. Histogram of x: 3 bins from 1 to 4, 1,207 values; tallest bin 2–3 with 1,202.")
        #expect(chart.svg.contains("<desc>Histogram of x: 3 bins"))
    }

    @Test("heatmap, scatter, bar and sunburst summaries come from their data")
    func otherCharts() throws {
        let cell = { (v: Double) in HeatmapChart.Cell(value: v, share: 0.5, cells: 3) }
        let heat = HeatmapChart(title: "Panel", rowLabels: ["Glut", "GABA"], columnLabels: ["Snap25", "Gad1"],
                                cells: [[cell(4.25), cell(0.5)], [cell(1), cell(.nan)]], style: .tiles,
                                colors: GradientScale.blues, domain: 0...5, valueLabel: "mean log2")
        #expect(try Self.label(heat.svg) == "Panel. Heatmap of mean log2: 2 rows × 2 columns; highest 4.25 at Glut, Snap25; lowest 0.5 at Glut, Gad1.")
        let single = HeatmapChart(title: "One", rowLabels: ["Tac2"], columnLabels: ["a", "b"], cells: [[cell(1), cell(2)]], style: .dots,
                                  colors: GradientScale.blues, domain: 0...5, valueLabel: "mean")
        #expect(try Self.label(single.svg) == "One. Dot plot of mean: 1 row × 2 columns; highest 2 at Tac2, b; lowest 1 at Tac2, a.")
        let red = RGB(packed: 0xff0000), blue = RGB(packed: 0x0000ff)
        let scatter = ScatterChart(title: "UMAP", panels: [.init(title: nil, png: [], width: 10, height: 10)],
                                   key: .categories([("a", red), ("b", blue)], more: 0), x: -2...3, y: 0...1.5,
                                   xLabel: "UMAP 1", yLabel: "UMAP 2", ticks: false, columns: 1)
        #expect(try Self.label(scatter.svg) == "UMAP. Scatter plot of UMAP 2 against UMAP 1, x from -2 to 3, y from 0 to 1.5; colour: 2 categories (a, b).")
        let bars = BarChart(title: "Per class", panels: [
            .init(title: "clusters", bars: [.init(label: "A", segments: [.init(label: "", value: 3, color: red)]),
                                            .init(label: "B", segments: [.init(label: "", value: 7, color: blue)])]),
        ], log: false)
        #expect(try Self.label(bars.svg) == "Per class. Bar chart of 2 bars; clusters: largest B with 7.")
        let rings = SunburstChart(title: "Taxonomy", roots: [
            .init(label: "A", value: 3, color: red, children: [.init(label: "A1", value: 3, color: red)]),
            .init(label: "B", value: 1, color: blue),
        ], unit: "clusters")
        #expect(try Self.label(rings.svg) == "Taxonomy. Sunburst of 4 clusters in 2 rings; 2 inner terms, largest A with 3 (75%).")
    }

    @Test("a stage's caption leads every chart's text alternative, escaped")
    func caption() throws {
        let chart = HistogramChart(bins: HistogramChart.bins(of: [1, 2], count: 2), title: "T", xLabel: "x", yLabel: "y")
        let html = ChartFrame.captioned((chart.svg + chart.svg).rendered, caption: "Sizes <b>\"all\"</b>")
        #expect(html.components(separatedBy: "aria-label=\"Sizes &lt;b&gt;&quot;all&quot;&lt;/b&gt;. T. Histogram of x:").count == 3)
    }
}
