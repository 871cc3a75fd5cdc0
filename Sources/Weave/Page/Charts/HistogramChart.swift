import Foundation

/// Equal-width histograms and their inline SVG: axes, ticks, and a count label on every bar.
public struct HistogramChart: Sendable {
    public struct Bin: Sendable, Equatable {
        public let lower: Double
        public let upper: Double
        public let count: Int
    }

    public let bins: [Bin]
    public let title: String
    public let xLabel: String
    public let yLabel: String
    /// Axis values are log10 of the data: tick labels then show 10^value.
    public let log10Axis: Bool

    public init(bins: [Bin], title: String, xLabel: String, yLabel: String, log10Axis: Bool = false) {
        self.bins = bins
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.log10Axis = log10Axis
    }

    /// `count` equal-width bins over `range` (default: the values' min…max). Bins are half-open
    /// [lower, upper) except the last, which includes its upper edge; values outside the range
    /// are not counted, nor are NaN and ±infinity (callers count those). All values equal: one
    /// bin [v, v + 1).
    public static func bins(of values: [Double], count: Int, range: ClosedRange<Double>? = nil) -> [Bin] {
        let finite = values.filter(\.isFinite)
        guard let lo = range?.lowerBound ?? finite.min(), let hi = range?.upperBound ?? finite.max(), count > 0,
              lo.isFinite, hi.isFinite else { return [] }
        if hi <= lo {
            return [Bin(lower: lo, upper: lo + 1, count: finite.filter { $0 == lo }.count)]
        }
        // Divided before subtracting: `hi - lo` overflows when the values span more than Double.max.
        let width = hi / Double(count) - lo / Double(count)
        var counts = [Int](repeating: 0, count: count)
        for v in finite where v >= lo && v <= hi {
            // Clamped as a Double: converting an out-of-range Double to Int traps.
            let position = min(Double(count - 1), max(0, ((v - lo) / width).rounded(.down)))
            counts[Int(position)] += 1
        }
        return (0..<count).map { i in
            Bin(lower: lo + Double(i) * width, upper: i == count - 1 ? hi : lo + Double(i + 1) * width, count: counts[i])
        }
    }

    /// The chart as a self-contained `<svg>` element; every text is escaped.
    public var svg: HTMLText {
        let width = 680.0, height = 340.0
        let left = 64.0, right = 16.0, top = 34.0, bottom = 58.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxCount = max(1, bins.map(\.count).max() ?? 1)
        let yTicks = Ticks.counts(upTo: maxCount)
        let yMax = Double(max(maxCount, yTicks.last ?? maxCount))
        let yScale = LinearScale(domain: 0...yMax, from: top + plotH, to: top)
        let yAxis = Axis(edge: .left, scale: yScale, ticks: yTicks.map { (Double($0), NumberText.count($0)) }, title: yLabel,
                         position: left, gridTo: left + plotW)
        var out = ChartFrame.open("class=\"histogram\" viewBox=\"0 0 \(Int(width)) \(Int(height))\"", title: title, summary: summary)
        out += "<text x=\"\(Int(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(title)</text>\n"
        out += yAxis.tickSVG
        out += bars(yScale: yScale, left: left, plotW: plotW)
        // X ticks at round values (1, 2, 5 × powers of ten on a log10 axis), placed by value.
        let lo = bins.first?.lower ?? 0, hi = bins.last?.upper ?? 0
        let xScale = LinearScale(domain: lo...max(lo, hi), from: left, to: left + plotW)
        let xTicks = hi > lo ? xTicks(from: lo, to: hi).map { ($0, edge($0)) } : []
        let xAxis = Axis(edge: .bottom, scale: xScale, ticks: xTicks, title: xLabel, position: top + plotH)
        out += xAxis.tickSVG
        out += yAxis.line(from: top, to: top + plotH) + xAxis.line(from: left, to: left + plotW) + "\n"
        out += xAxis.titleSVG(centre: left + plotW / 2, offset: height - 12)
        out += yAxis.titleSVG(centre: top + plotH / 2, offset: 16)
        return out + "</svg>\n"
    }

    /// Bars, each with its exact count above it and in a tooltip.
    private func bars(yScale: LinearScale, left: Double, plotW: Double) -> HTMLText {
        let f = SVGNumber.format
        let base = yScale.position(0)
        let barW = bins.isEmpty ? 0 : plotW / Double(bins.count)
        var out: HTMLText = ""
        for (i, bin) in bins.enumerated() {
            let y = yScale.position(Double(bin.count))
            let x = left + Double(i) * barW
            let range = "\(edge(bin.lower))–\(edge(bin.upper))"
            out += "<rect class=\"bar\" x=\"\(f(x + 1))\" y=\"\(f(y))\" width=\"\(f(max(1, barW - 2)))\" height=\"\(f(base - y))\" fill=\"#4a7fb5\">"
            out += "<title>\(range): \(NumberText.count(bin.count))</title></rect>"
            if bin.count > 0, bins.count <= 40 {
                out += "<text class=\"count\" x=\"\(f(x + barW / 2))\" y=\"\(f(y - 3))\" text-anchor=\"middle\" font-size=\"\(bins.count > 20 ? 8 : 10)\">\(NumberText.count(bin.count))</text>"
            }
            out += "\n"
        }
        return out
    }

    /// A bin edge as the axis shows it: the value, or 10^value on a log10 axis.
    func edge(_ value: Double) -> String {
        NumberText.decimal(log10Axis ? pow(10, value) : value)
    }

    /// Axis positions (in axis units) of round tick values between `lo` and `hi`.
    func xTicks(from lo: Double, to hi: Double) -> [Double] {
        log10Axis ? Ticks.log10(from: lo, to: hi) : Ticks.linear(from: lo, to: hi)
    }
}
