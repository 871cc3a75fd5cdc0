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
    public var svg: String {
        let width = 680.0, height = 340.0
        let left = 64.0, right = 16.0, top = 34.0, bottom = 58.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxCount = max(1, bins.map(\.count).max() ?? 1)
        let yTicks = Self.niceTicks(upTo: maxCount)
        let yMax = Double(max(maxCount, yTicks.last ?? maxCount))
        var out = "<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        out += "<title>\(HTML.escape(title))</title>\n"
        out += "<text x=\"\(Int(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(HTML.escape(title))</text>\n"
        // Y axis with ticks and grid lines.
        for tick in yTicks {
            let y = top + plotH - Double(tick) / yMax * plotH
            out += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
            out += "<text x=\"\(f(left - 7))\" y=\"\(f(y + 4))\" text-anchor=\"end\" font-size=\"11\">\(HTML.escape(Value.int(tick).prose))</text>\n"
        }
        // Bars, each with its exact count above it and in a tooltip.
        let barW = bins.isEmpty ? 0 : plotW / Double(bins.count)
        for (i, bin) in bins.enumerated() {
            let h = Double(bin.count) / yMax * plotH
            let x = left + Double(i) * barW
            let range = "\(edge(bin.lower))–\(edge(bin.upper))"
            out += "<rect class=\"bar\" x=\"\(f(x + 1))\" y=\"\(f(top + plotH - h))\" width=\"\(f(max(1, barW - 2)))\" height=\"\(f(h))\" fill=\"#4a7fb5\">"
            out += "<title>\(HTML.escape("\(range): \(Value.int(bin.count).prose)"))</title></rect>"
            if bin.count > 0, bins.count <= 40 {
                out += "<text class=\"count\" x=\"\(f(x + barW / 2))\" y=\"\(f(top + plotH - h - 3))\" text-anchor=\"middle\" font-size=\"\(bins.count > 20 ? 8 : 10)\">\(HTML.escape(Value.int(bin.count).prose))</text>"
            }
            out += "\n"
        }
        // X ticks at round values (1, 2, 5 × powers of ten on a log10 axis), placed by value.
        if let lo = bins.first?.lower, let hi = bins.last?.upper, hi > lo {
            for value in xTicks(from: lo, to: hi) {
                let x = left + (value / 2 - lo / 2) / (hi / 2 - lo / 2) * plotW
                out += "<line x1=\"\(f(x))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333\"/>"
                out += "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 17))\" text-anchor=\"middle\" font-size=\"11\">\(HTML.escape(edge(value)))</text>\n"
            }
        }
        // Axes and their labels.
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\" font-size=\"12\">\(HTML.escape(xLabel))</text>\n"
        out += "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(HTML.escape(yLabel))</text>\n"
        return out + "</svg>\n"
    }

    /// A bin edge as the axis shows it: the value, or 10^value on a log10 axis.
    private func edge(_ value: Double) -> String {
        let shown = log10Axis ? pow(10, value) : value
        return Value.double(shown).prose
    }

    /// Axis positions (in axis units) of round tick values between `lo` and `hi`.
    func xTicks(from lo: Double, to hi: Double) -> [Double] {
        if log10Axis {
            guard lo.isFinite, hi.isFinite else { return [] }
            var ticks: [Double] = []
            for power in Int(floor(lo))...Int(ceil(hi)) {
                for mantissa in [1.0, 2.0, 5.0] {
                    let value = log10(mantissa) + Double(power)
                    if value >= lo - 1e-9, value <= hi + 1e-9 { ticks.append(value) }
                }
            }
            // Too many labels crowd the axis: keep the powers of ten alone.
            return ticks.count > 10 ? ticks.filter { $0 == $0.rounded() } : ticks
        }
        // The smallest 1-2-5 step that gives at most eight ticks (divided first: `hi - lo` may overflow).
        let raw = hi / 8 - lo / 8
        guard raw.isFinite, raw > 0 else { return [] }
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return stride(from: (lo / step).rounded(.up) * step, through: hi + step * 1e-9, by: step).map { $0 }
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Round tick values 0, step, 2·step, … covering `maxValue` with about five steps.
    static func niceTicks(upTo maxValue: Int) -> [Int] {
        let raw = max(1, Double(maxValue) / 5)
        let magnitude = pow(10, floor(log10(raw)))
        let step = Int([1, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude)
        return Array(stride(from: 0, through: maxValue + step - 1, by: max(1, step)))
    }
}
