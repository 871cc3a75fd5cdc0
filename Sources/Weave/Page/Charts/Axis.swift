/// A chart axis as SVG: the line, ticks with labels, optional grid lines across the plot, and a title.
public struct Axis: Sendable {
    public enum Edge: Sendable { case bottom, left }

    public let edge: Edge
    public let scale: LinearScale
    /// Tick positions in data units, with their labels.
    public let ticks: [(value: Double, label: String)]
    public let title: String
    /// Grid lines run to this coordinate across the plot (the far edge), if given.
    public let gridTo: Double?
    /// Where the axis line sits: the y of a bottom axis, the x of a left one.
    public let position: Double

    public init(edge: Edge, scale: LinearScale, ticks: [(value: Double, label: String)], title: String,
                position: Double, gridTo: Double? = nil) {
        self.edge = edge
        self.scale = scale
        self.ticks = ticks
        self.title = title
        self.position = position
        self.gridTo = gridTo
    }

    /// Tick marks and labels (with grid lines); the axis line and title are `line(from:to:)` and `titleSVG(at:)`.
    public var tickSVG: HTMLText {
        let f = SVGNumber.format
        var out: HTMLText = ""
        for tick in ticks {
            let at = scale.position(tick.value)
            switch edge {
            case .left:
                out += "<line x1=\"\(f(position - 4))\" y1=\"\(f(at))\" x2=\"\(f(gridTo ?? position))\" y2=\"\(f(at))\" stroke=\"#ddd\"/>"
                out += "<text x=\"\(f(position - 7))\" y=\"\(f(at + 4))\" text-anchor=\"end\" font-size=\"11\">\(tick.label)</text>\n"
            case .bottom:
                out += "<line x1=\"\(f(at))\" y1=\"\(f(position))\" x2=\"\(f(at))\" y2=\"\(f(position + 5))\" stroke=\"#333\"/>"
                out += "<text x=\"\(f(at))\" y=\"\(f(position + 17))\" text-anchor=\"middle\" font-size=\"11\">\(tick.label)</text>\n"
            }
        }
        return out
    }

    /// The axis line from one end of the plot to the other.
    public func line(from start: Double, to end: Double) -> HTMLText {
        let f = SVGNumber.format
        switch edge {
        case .left: return "<line x1=\"\(f(position))\" y1=\"\(f(start))\" x2=\"\(f(position))\" y2=\"\(f(end))\" stroke=\"#333\"/>"
        case .bottom: return "<line x1=\"\(f(start))\" y1=\"\(f(position))\" x2=\"\(f(end))\" y2=\"\(f(position))\" stroke=\"#333\"/>"
        }
    }

    /// The title centred along the axis at `offset` (a y for a bottom axis, an x for a left one, rotated).
    public func titleSVG(centre: Double, offset: Double) -> HTMLText {
        let f = SVGNumber.format
        switch edge {
        case .bottom: return "<text x=\"\(f(centre))\" y=\"\(f(offset))\" text-anchor=\"middle\" font-size=\"12\">\(title)</text>\n"
        case .left: return "<text transform=\"translate(\(f(offset)) \(f(centre))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(title)</text>\n"
        }
    }
}
