import Testing
import Foundation
@testable import Weave

@Suite struct HistogramChartTests {
    @Test func binsCountEveryValueOnceWithTheLastEdgeIncluded() {
        let bins = HistogramChart.bins(of: [0, 1, 1, 2, 3, 4], count: 4)
        #expect(bins.map(\.count) == [1, 2, 1, 2])
        #expect(bins.first?.lower == 0 && bins.last?.upper == 4)
    }

    @Test func log10AxisTicksSitAtRoundValues() {
        let chart = HistogramChart(bins: HistogramChart.bins(of: [0, 2.7], count: 5), title: "t", xLabel: "x", yLabel: "y", log10Axis: true)
        let shown = chart.xTicks(from: 0, to: 2.7).map { (pow(10, $0) * 1000).rounded() / 1000 }
        #expect(shown == [1, 2, 5, 10, 20, 50, 100, 200, 500])
        for label in [">1<", ">10<", ">100<", ">200<"] { #expect(chart.svg.contains(label)) }
    }

    @Test func linearAxisTicksUseOneTwoFiveSteps() {
        let chart = HistogramChart(bins: [], title: "t", xLabel: "x", yLabel: "y")
        #expect(chart.xTicks(from: 0.3, to: 13) == [2, 4, 6, 8, 10, 12])
    }

    @Test func textIsEscaped() {
        let chart = HistogramChart(bins: HistogramChart.bins(of: [1, 2], count: 2), title: "<script>", xLabel: "a&b", yLabel: "y")
        #expect(!chart.svg.contains("<script>") && chart.svg.contains("&lt;script&gt;") && chart.svg.contains("a&amp;b"))
    }
}
