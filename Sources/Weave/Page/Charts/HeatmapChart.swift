import Foundation

/// A heatmap (tiles coloured by value) or a dot plot (dots sized by a share, coloured by value)
/// of a rows × columns grid, as inline SVG: row labels on the left, column labels rotated under
/// the grid, a colour bar, and a `<title>` on every cell with its value and cell count.
public struct HeatmapChart: Sendable {
    public enum Style: Sendable { case tiles, dots }

    /// One grid cell: its value (NaN: none), the share of cells expressing (dot size) and the
    /// cells behind it.
    public struct Cell: Sendable {
        public let value: Double
        public let share: Double
        public let cells: Int

        public init(value: Double, share: Double, cells: Int) {
            self.value = value
            self.share = share
            self.cells = cells
        }
    }

    public let title: String
    public let rowLabels: [String]
    public let columnLabels: [String]
    /// `[row][column]`.
    public let cells: [[Cell]]
    public let style: Style
    public let colors: any ColorScale
    public let domain: ClosedRange<Double>
    /// What the colour shows ("mean log2 expression"), beside the colour bar and in tooltips.
    public let valueLabel: String

    public init(title: String, rowLabels: [String], columnLabels: [String], cells: [[Cell]], style: Style,
                colors: any ColorScale, domain: ClosedRange<Double>, valueLabel: String) {
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cells = cells
        self.style = style
        self.colors = colors
        self.domain = domain
        self.valueLabel = valueLabel
    }

    static let fontSize = 11.0
    /// Column labels are drawn at this angle (degrees, counter-clockwise from the axis).
    static let labelAngle = 60.0

    private struct Layout {
        let cell: Double, left: Double, top: Double, gridWidth: Double, gridHeight: Double, width: Double, height: Double
    }

    private var layout: Layout {
        let cell = min(28, max(12, 720 / Double(max(1, columnLabels.count))))
        let angle = Self.labelAngle * .pi / 180
        let longest = columnLabels.map { TextWidth.estimate($0, fontSize: Self.fontSize) }.max() ?? 0
        // Rotated column labels run left of their column: the first may need room left of the grid.
        let overhang = longest * cos(angle) - cell / 2 + 4
        let left = max(10 + (rowLabels.map { TextWidth.estimate($0, fontSize: Self.fontSize) }.max() ?? 0), overhang)
        let top = 34.0
        let gridWidth = cell * Double(columnLabels.count), gridHeight = cell * Double(rowLabels.count)
        let legendWidth = 20 + 12 + 60 + (style == .dots ? 70.0 : 0)
        // The bold title runs about a tenth wider than the estimate for regular text.
        let width = max(left + gridWidth + legendWidth, TextWidth.estimate(title, fontSize: 15) * 1.15 + 20)
        let height = max(top + gridHeight + longest * sin(angle) + Self.fontSize + 12, top + 190)
        return Layout(cell: cell, left: left, top: top, gridWidth: gridWidth, gridHeight: gridHeight, width: width, height: height)
    }

    /// The chart as a self-contained `<svg>` element; every text is escaped.
    public var svg: HTMLText {
        let f = SVGNumber.format, l = layout
        var out = ChartFrame.open("class=\"heatmap\" viewBox=\"0 0 \(f(l.width)) \(f(l.height))\" width=\"\(f(l.width))\"", title: title, summary: summary)
        out += "<text x=\"8\" y=\"20\" font-size=\"15\" font-weight=\"bold\">\(title)</text>\n"
        for (r, label) in rowLabels.enumerated() {
            let y = l.top + (Double(r) + 0.5) * l.cell
            out += "<text x=\"\(f(l.left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" font-size=\"\(f(Self.fontSize))\">\(label)</text>\n"
        }
        for (c, label) in columnLabels.enumerated() {
            let x = l.left + (Double(c) + 0.5) * l.cell, y = l.top + l.gridHeight + 8
            out += "<text transform=\"translate(\(f(x + 3)) \(f(y))) rotate(-\(f(Self.labelAngle)))\" text-anchor=\"end\" font-size=\"\(f(Self.fontSize))\">\(label)</text>\n"
        }
        out += grid(l)
        let barX = l.left + l.gridWidth + 20
        out += Legend.colorBar(colors, domain: domain, x: barX, y: l.top, height: min(160, max(80, l.gridHeight)))
        out += "<text transform=\"translate(\(f(barX + 56)) \(f(l.top + 40))) rotate(90)\" font-size=\"10\">\(valueLabel)</text>\n"
        if style == .dots { out += dotLegend(x: barX + 74, y: l.top, cell: l.cell) }
        return out + "</svg>\n"
    }

    private func grid(_ l: Layout) -> HTMLText {
        let f = SVGNumber.format
        var out: HTMLText = "<g class=\"cells\">\n"
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() {
                let x = l.left + Double(c) * l.cell, y = l.top + Double(r) * l.cell
                let tip = "\(rowLabels[r]) · \(columnLabels[c]): \(valueLabel) \(cell.value.isNaN ? "none" : NumberText.decimal(cell.value)); "
                    + (style == .dots ? "\(percent(cell.share)) of " : "") + "\(NumberText.count(cell.cells)) cells"
                let fill = cell.value.isNaN ? "#f4f4f4" : colors.color(for: cell.value, in: domain).hex
                switch style {
                case .tiles:
                    out += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(l.cell))\" height=\"\(f(l.cell))\" fill=\"\(fill)\" stroke=\"#fff\" stroke-width=\"0.5\"><title>\(tip)</title></rect>\n"
                case .dots:
                    let radius = cell.share.isNaN ? 0 : max(0.5, sqrt(min(1, cell.share)) * l.cell * 0.45)
                    out += "<circle cx=\"\(f(x + l.cell / 2))\" cy=\"\(f(y + l.cell / 2))\" r=\"\(f(radius))\" fill=\"\(fill)\" stroke=\"#888\" stroke-width=\"0.3\"><title>\(tip)</title></circle>\n"
                }
            }
        }
        return out + "</g>\n"
    }

    /// Dot sizes for 25, 50, 75 and 100% of cells expressing.
    private func dotLegend(x: Double, y: Double, cell: Double) -> HTMLText {
        let f = SVGNumber.format
        var out: HTMLText = "<g class=\"legend dot-sizes\"><text x=\"\(f(x))\" y=\"\(f(y + 8))\" font-size=\"10\">cells &gt; 0</text>"
        for (i, share) in [0.25, 0.5, 0.75, 1.0].enumerated() {
            let cy = y + 24 + Double(i) * (cell + 4)
            out += "<circle cx=\"\(f(x + cell / 2))\" cy=\"\(f(cy))\" r=\"\(f(sqrt(share) * cell * 0.45))\" fill=\"#999\"/>"
            out += "<text x=\"\(f(x + cell + 4))\" y=\"\(f(cy + 4))\" font-size=\"10\">\(percent(share))</text>"
        }
        return out + "</g>\n"
    }

    private func percent(_ share: Double) -> String { share.isNaN ? "–" : "\(Int((share * 100).rounded()))%" }
}
