import Foundation
import TextFormats

/// Nested rings (class → subclass → supertype): each ring splits its parent's arc among the
/// parent's children in proportion to their values, each arc in its term's colour with a
/// tooltip giving its path, value and share of the whole.
public struct SunburstChart: Sendable {
    public struct Node: Sendable {
        public let label: String
        public let value: Double
        public let color: RGB
        public let children: [Node]

        public init(label: String, value: Double, color: RGB, children: [Node] = []) {
            self.label = label
            self.value = value
            self.color = color
            self.children = children
        }
    }

    public let title: String
    /// The innermost ring's nodes, clockwise from the top.
    public let roots: [Node]
    /// What a value counts ("clusters"), for the tooltips.
    public let unit: String
    /// The rings' diameter in pixels.
    public let size: Double
    /// How many inner-ring terms the legend lists before "+N more".
    public let legendLimit: Int

    public init(title: String, roots: [Node], unit: String, size: Double = 480, legendLimit: Int = 40) {
        self.title = title
        self.roots = roots
        self.unit = unit
        self.size = size
        self.legendLimit = legendLimit
    }

    static let top = 36.0, hole = 0.16

    var depth: Int {
        func depth(_ nodes: [Node]) -> Int { nodes.isEmpty ? 0 : 1 + (nodes.map { depth($0.children) }.max() ?? 0) }
        return depth(roots)
    }

    /// The chart as one `<svg>` element; every text is escaped.
    public var svg: HTMLText {
        let f = SVGNumber.format
        let total = roots.reduce(0) { $0 + $1.value }
        let center = (x: size / 2 + 8, y: Self.top + size / 2)
        let ring = (size / 2) * (1 - Self.hole) / Double(max(1, depth))
        let shown = roots.prefix(legendLimit).map { (label: $0.label, color: $0.color) }
        var legend = Legend.entries(shown, x: size + 28, y: Self.top)
        if roots.count > shown.count {
            legend.svg += "<text x=\"\(f(size + 28))\" y=\"\(f(Self.top + Double(shown.count) * 17 + 11))\" font-size=\"11\">+\(roots.count - shown.count) more</text>\n"
        }
        let width = size + 40 + legend.width
        let height = Self.top + max(size, Double(min(roots.count, legendLimit) + 1) * 17) + 12
        var out = ChartFrame.open("class=\"sunburst\" width=\"\(Int(width.rounded(.up)))\" height=\"\(Int(height.rounded(.up)))\" viewBox=\"0 0 \(f(width)) \(f(height))\"",
                                  title: title, summary: summary)
        out += "<text x=\"\(f(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(title)</text>\n"
        var start = 0.0
        for node in roots {
            let span = total > 0 ? node.value / total * 2 * .pi : 0
            out += arcs(node, path: [], from: start, span: span, level: 0, geometry: (center, ring, total))
            start += span
        }
        return out + legend.svg + "</svg>\n"
    }

    typealias Geometry = (center: (x: Double, y: Double), ring: Double, total: Double)

    /// A node's arc and, inside its span, its children's arcs on the next ring.
    private func arcs(_ node: Node, path: [String], from start: Double, span: Double, level: Int, geometry: Geometry) -> HTMLText {
        guard span > 0 else { return "" }
        let inner = size / 2 * Self.hole + Double(level) * geometry.ring
        let labels = path + [node.label]
        let share = NumberText.decimal((node.value / geometry.total * 1000).rounded() / 10)
        let tip = "\(labels.joined(separator: " / ")): \(NumberText.decimal(node.value)) \(unit) (\(share)%)"
        var out: HTMLText = "<path class=\"arc\" d=\"\(Self.sector(center: geometry.center, inner: inner, outer: inner + geometry.ring, from: start, span: span))\" fill=\"\(node.color.hex)\" stroke=\"#fff\" stroke-width=\"0.5\"><title>\(tip)</title></path>\n"
        let childTotal = node.children.reduce(0) { $0 + $1.value }
        var childStart = start
        for child in node.children where childTotal > 0 {
            let childSpan = child.value / childTotal * span
            out += arcs(child, path: labels, from: childStart, span: childSpan, level: level + 1, geometry: geometry)
            childStart += childSpan
        }
        return out
    }

    /// The path of an annular sector, angles in radians clockwise from the top. The arc is drawn
    /// in pieces of at most half a turn, so a full ring (one term) still draws.
    package static func sector(center: (x: Double, y: Double), inner: Double, outer: Double, from start: Double, span: Double) -> String {
        let f = SVGNumber.format
        func point(_ radius: Double, _ angle: Double) -> String {
            "\(f(center.x + radius * sin(angle))) \(f(center.y - radius * cos(angle)))"
        }
        let pieces = max(1, Int((span / .pi).rounded(.up)))
        let step = span / Double(pieces)
        var d = "M \(point(outer, start))"
        for i in 1...pieces { d += " A \(f(outer)) \(f(outer)) 0 0 1 \(point(outer, start + Double(i) * step))" }
        d += " L \(point(inner, start + span))"
        for i in stride(from: pieces - 1, through: 0, by: -1) { d += " A \(f(inner)) \(f(inner)) 0 0 0 \(point(inner, start + Double(i) * step))" }
        return d + " Z"
    }
}
