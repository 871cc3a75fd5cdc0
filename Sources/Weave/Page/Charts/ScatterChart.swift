import Foundation
import TextFormats

/// A scatter-plot figure: one or more raster panels (PNG images of the points, embedded as data
/// URIs) in framed plot areas, with a title, axis labels, optional ticks, and a legend of
/// categories or a colour bar, all as SVG.
public struct ScatterChart: Sendable {
    public struct Panel: Sendable {
        /// Shown above the panel (a facet's value and count); nil for a single panel.
        public let title: String?
        public let png: [UInt8]
        /// Pixel size of the PNG; the panel is drawn at this size in the figure's units.
        public let width: Int
        public let height: Int

        public init(title: String?, png: [UInt8], width: Int, height: Int) {
            self.title = title
            self.png = png
            self.width = width
            self.height = height
        }
    }

    public enum Key: Sendable {
        /// Categories with their colours; `more` counts those left out of the list.
        case categories([(label: String, color: RGB)], more: Int)
        case colorBar(any ColorScale, domain: ClosedRange<Double>, title: String)
        case none
    }

    public let title: String
    public let panels: [Panel]
    public let key: Key
    /// The data limits every panel shows.
    public let x: ClosedRange<Double>
    public let y: ClosedRange<Double>
    public let xLabel: String
    public let yLabel: String
    public let ticks: Bool
    /// Panels per row.
    public let columns: Int

    public init(title: String, panels: [Panel], key: Key, x: ClosedRange<Double>, y: ClosedRange<Double>,
                xLabel: String, yLabel: String, ticks: Bool, columns: Int) {
        self.title = title
        self.panels = panels
        self.key = key
        self.x = x
        self.y = y
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.ticks = ticks
        self.columns = max(1, columns)
    }

    struct Layout {
        let left: Double, top: Double, gap: Double, panelTitle: Double
        let cellW: Double, cellH: Double, rows: Int, columns: Int
        var plotsRight: Double { left + Double(columns) * cellW + Double(columns - 1) * gap }
        var plotsBottom: Double { top + Double(rows) * (cellH + panelTitle) + Double(rows - 1) * gap }

        func origin(_ i: Int) -> (x: Double, y: Double) {
            let (row, col) = (i / columns, i % columns)
            return (left + Double(col) * (cellW + gap), top + Double(row) * (cellH + panelTitle + gap) + panelTitle)
        }
    }

    var layout: Layout {
        let columns = min(self.columns, max(1, panels.count))
        return Layout(left: ticks ? 56 : 30, top: 34, gap: ticks ? 40 : 16, panelTitle: panels.count > 1 ? 18 : 0,
                      cellW: Double(panels.map(\.width).max() ?? 1), cellH: Double(panels.map(\.height).max() ?? 1),
                      rows: (panels.count + columns - 1) / columns, columns: columns)
    }

    /// The figure as one `<svg>` element; every text is escaped.
    public var svg: HTMLText {
        let f = SVGNumber.format
        let layout = self.layout
        let (keySVG, keyWidth) = keyMarkup(x: layout.plotsRight + 20, y: layout.top + layout.panelTitle,
                                          height: layout.cellH)
        let width = layout.plotsRight + 20 + keyWidth + 12
        let height = layout.plotsBottom + (ticks ? 44 : 26)
        // Drawn at its own size (1 px per raster pixel) unless the page is narrower.
        var out = ChartFrame.open("class=\"scatter\" width=\"\(Int(width.rounded(.up)))\" height=\"\(Int(height.rounded(.up)))\" viewBox=\"0 0 \(f(width)) \(f(height))\"",
                                  title: title, summary: summary)
        out += "<text x=\"\(f(layout.plotsRight / 2 + layout.left / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(title)</text>\n"
        for (i, panel) in panels.enumerated() {
            out += panelMarkup(panel, at: layout.origin(i), layout: layout)
        }
        let centreX = (layout.left + layout.plotsRight) / 2, centreY = (layout.top + layout.plotsBottom) / 2
        out += "<text x=\"\(f(centreX))\" y=\"\(f(height - 8))\" text-anchor=\"middle\" font-size=\"12\">\(xLabel)</text>\n"
        out += "<text transform=\"translate(14 \(f(centreY))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(yLabel)</text>\n"
        return out + keySVG + "</svg>\n"
    }

    private func panelMarkup(_ panel: Panel, at origin: (x: Double, y: Double), layout: Layout) -> HTMLText {
        let f = SVGNumber.format
        let (w, h) = (Double(panel.width), Double(panel.height))
        var out: HTMLText = ""
        if let title = panel.title {
            out += "<text x=\"\(f(origin.x + w / 2))\" y=\"\(f(origin.y - 5))\" text-anchor=\"middle\" font-size=\"12\">\(title)</text>\n"
        }
        let uri = "data:image/png;base64," + Data(panel.png).base64EncodedString()
        out += "<image x=\"\(f(origin.x))\" y=\"\(f(origin.y))\" width=\"\(panel.width)\" height=\"\(panel.height)\" preserveAspectRatio=\"none\" href=\"\(raw: uri)\"/>\n"
        out += "<rect x=\"\(f(origin.x))\" y=\"\(f(origin.y))\" width=\"\(panel.width)\" height=\"\(panel.height)\" fill=\"none\" stroke=\"#333\"/>\n"
        guard ticks else { return out }
        let xAxis = Axis(edge: .bottom, scale: LinearScale(domain: x, from: origin.x, to: origin.x + w),
                         ticks: Ticks.linear(from: x.lowerBound, to: x.upperBound, maxCount: 6).map { ($0, NumberText.decimal($0)) },
                         title: "", position: origin.y + h)
        let yAxis = Axis(edge: .left, scale: LinearScale(domain: y, from: origin.y + h, to: origin.y),
                         ticks: Ticks.linear(from: y.lowerBound, to: y.upperBound, maxCount: 6).map { ($0, NumberText.decimal($0)) },
                         title: "", position: origin.x)
        return out + xAxis.tickSVG + yAxis.tickSVG
    }

    /// The legend or colour bar at (`x`, `y`), and its width.
    private func keyMarkup(x: Double, y: Double, height: Double) -> (HTMLText, Double) {
        let f = SVGNumber.format
        switch key {
        case .none:
            return ("", 0)
        case .categories(let items, let more):
            var (svg, width) = Legend.entries(items, x: x, y: y)
            if more > 0 {
                let text = "+\(NumberText.count(more)) more"
                svg += "<text class=\"legend-more\" x=\"\(f(x))\" y=\"\(f(y + Double(items.count) * 17 + 10))\" font-size=\"11\" fill=\"#555\">\(text)</text>\n"
                width = max(width, TextWidth.estimate(text, fontSize: 11))
            }
            return (svg, width)
        case .colorBar(let scale, let domain, let title):
            var svg: HTMLText = "<text x=\"\(f(x))\" y=\"\(f(y + 10))\" font-size=\"11\">\(title)</text>\n"
            let barHeight = min(240, max(60, height - 24))
            svg += Legend.colorBar(scale, domain: domain, x: x, y: y + 18, height: barHeight)
            let labels = [domain.lowerBound, domain.upperBound].map { TextWidth.estimate(NumberText.decimal($0), fontSize: 10) }
            return (svg, max(TextWidth.estimate(title, fontSize: 11), 16 + (labels.max() ?? 0)))
        }
    }
}
