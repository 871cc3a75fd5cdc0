import Foundation
import TextFormats

/// Horizontal bar charts side by side (paired panels: clusters and cells per term), sharing the
/// bar labels on the left; bars may be stacked from coloured segments, on a linear or log axis.
public struct BarChart: Sendable {
    public struct Segment: Sendable {
        public let label: String
        public let value: Double
        public let color: RGB

        public init(label: String, value: Double, color: RGB) {
            self.label = label
            self.value = value
            self.color = color
        }
    }

    public struct Bar: Sendable {
        public let label: String
        public let segments: [Segment]
        public var total: Double { segments.reduce(0) { $0 + $1.value } }

        public init(label: String, segments: [Segment]) {
            self.label = label
            self.segments = segments
        }
    }

    /// One panel's bars, in the order drawn top to bottom; every panel has the same labels.
    public struct Panel: Sendable {
        public let title: String
        public let bars: [Bar]

        public init(title: String, bars: [Bar]) {
            self.title = title
            self.bars = bars
        }
    }

    public let title: String
    public let panels: [Panel]
    public let log: Bool
    /// The segments' categories and colours, for a stacked chart's legend.
    public let key: [(label: String, color: RGB)]

    public init(title: String, panels: [Panel], log: Bool, key: [(label: String, color: RGB)] = []) {
        self.title = title
        self.panels = panels
        self.log = log
        self.key = key
    }

    static let rowHeight = 16.0, panelWidth = 300.0, gap = 36.0, top = 52.0

    /// The chart as one `<svg>` element; every text is escaped.
    public var svg: HTMLText {
        let f = SVGNumber.format
        let labels = panels.first?.bars.map(\.label) ?? []
        let labelWidth = (labels.map { TextWidth.estimate($0, fontSize: 11) }.max() ?? 0) + 12
        let plotHeight = Double(max(1, labels.count)) * Self.rowHeight
        let right = labelWidth + Double(panels.count) * (Self.panelWidth + Self.gap)
        let legend = key.isEmpty ? ("" as HTMLText, 0.0) : Legend.entries(key, x: right, y: Self.top)
        let width = right + legend.1 + 12
        let height = max(Self.top + plotHeight + 44, Self.top + Double(key.count) * 17 + 10)
        // Drawn at its own size (1 px per raster pixel) unless the page is narrower.
        var out = ChartFrame.open("class=\"bars\" width=\"\(Int(width.rounded(.up)))\" height=\"\(Int(height.rounded(.up)))\" viewBox=\"0 0 \(f(width)) \(f(height))\"",
                                  title: title, summary: summary)
        out += "<text x=\"\(f(right / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(title)</text>\n"
        for (i, label) in labels.enumerated() {
            out += "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(Self.top + (Double(i) + 0.5) * Self.rowHeight + 4))\" text-anchor=\"end\" font-size=\"11\">\(label)</text>\n"
        }
        for (p, panel) in panels.enumerated() {
            out += panelMarkup(panel, left: labelWidth + Double(p) * (Self.panelWidth + Self.gap), plotHeight: plotHeight)
        }
        return out + legend.0 + "</svg>\n"
    }

    /// The value axis's domain (log10 units on a log axis) and its ticks.
    func valueAxis(_ panel: Panel) -> (domain: ClosedRange<Double>, ticks: [(Double, String)]) {
        let top = panel.bars.map(\.total).max() ?? 0
        if log {
            let smallest = panel.bars.compactMap { $0.segments.first { $0.value > 0 }?.value }.min() ?? 1
            // Half the smallest value still shows as a bar: a bar of 1 does not start at the axis.
            let lo = floor(Foundation.log10(max(smallest / 2, 1e-12))), hi = max(lo + 1, ceil(Foundation.log10(max(top, 1e-12))))
            return (lo...hi, Ticks.log10(from: lo, to: hi).map { ($0, NumberText.decimal(pow(10, $0))) })
        }
        let ticks = Ticks.linear(from: 0, to: max(top, 1), maxCount: 5)
        let hi = max(top, ticks.last ?? 1, 1)
        return (0...hi, ticks.map { ($0, NumberText.decimal($0)) })
    }

    private func panelMarkup(_ panel: Panel, left: Double, plotHeight: Double) -> HTMLText {
        let f = SVGNumber.format
        let (domain, ticks) = valueAxis(panel)
        let scale = LinearScale(domain: domain, from: left, to: left + Self.panelWidth)
        func x(_ value: Double) -> Double {
            log ? scale.position(max(domain.lowerBound, Foundation.log10(max(value, 1e-300)))) : scale.position(value)
        }
        let axis = Axis(edge: .bottom, scale: scale, ticks: ticks, title: panel.title, position: Self.top + plotHeight)
        var out: HTMLText = "<text x=\"\(f(left + Self.panelWidth / 2))\" y=\"\(f(Self.top - 8))\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">\(panel.title)</text>\n"
        for (i, bar) in panel.bars.enumerated() {
            let y = Self.top + Double(i) * Self.rowHeight + 2
            var sum = 0.0
            for segment in bar.segments where segment.value > 0 {
                let (x0, x1) = (sum == 0 ? left : x(sum), x(sum + segment.value))
                sum += segment.value
                let tip = bar.segments.count > 1 ? "\(bar.label), \(segment.label): \(NumberText.decimal(segment.value))" : "\(bar.label): \(NumberText.decimal(segment.value))"
                out += "<rect x=\"\(f(x0))\" y=\"\(f(y))\" width=\"\(f(max(0.5, x1 - x0)))\" height=\"\(f(Self.rowHeight - 4))\" fill=\"\(segment.color.hex)\"><title>\(tip)</title></rect>"
            }
            out += "<text x=\"\(f((sum > 0 ? x(sum) : left) + 3))\" y=\"\(f(y + Self.rowHeight - 6))\" font-size=\"9\" fill=\"#444\">\(NumberText.decimal(bar.total))</text>\n"
        }
        out += axis.tickSVG + axis.line(from: left, to: left + Self.panelWidth) + "\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(Self.top))\" x2=\"\(f(left))\" y2=\"\(f(Self.top + plotHeight))\" stroke=\"#333\"/>\n"
        if log { out += "<text x=\"\(f(left + Self.panelWidth / 2))\" y=\"\(f(Self.top + plotHeight + 34))\" text-anchor=\"middle\" font-size=\"11\">log scale</text>\n" }
        return out
    }
}
