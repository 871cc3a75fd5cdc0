/// Axis limits and the pixel grid they are drawn on: `x.lowerBound` is the left edge of the
/// image, `y.upperBound` its top.
public struct PlotFrame: Sendable, Equatable {
    public let x: ClosedRange<Double>
    public let y: ClosedRange<Double>
    public let width: Int
    public let height: Int

    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, width: Int, height: Int) {
        precondition(width > 0 && height > 0)
        self.x = x.upperBound > x.lowerBound ? x : (x.lowerBound - 0.5)...(x.lowerBound + 0.5)
        self.y = y.upperBound > y.lowerBound ? y : (y.lowerBound - 0.5)...(y.lowerBound + 0.5)
        self.width = width
        self.height = height
    }

    /// Limits around the finite points of `rows` (all rows when nil), padded by `margin` of the
    /// larger span on every side and widened so one data unit is as long on both axes of a
    /// `width × height` image. Nil when no point has both coordinates.
    public static func fitting(xs: [Double], ys: [Double], rows: [Int32]? = nil, width: Int, height: Int,
                               margin: Double = 0.03) -> PlotFrame? {
        var lo = (x: Double.infinity, y: Double.infinity), hi = (x: -Double.infinity, y: -Double.infinity)
        func visit(_ i: Int) {
            let x = xs[i], y = ys[i]
            guard x.isFinite, y.isFinite else { return }
            lo = (min(lo.x, x), min(lo.y, y))
            hi = (max(hi.x, x), max(hi.y, y))
        }
        if let rows { for r in rows { visit(Int(r)) } } else { for i in xs.indices { visit(i) } }
        guard lo.x <= hi.x else { return nil }
        let pad = max(hi.x - lo.x, hi.y - lo.y, 1e-9) * margin
        var (x0, x1, y0, y1) = (lo.x - pad, hi.x + pad, lo.y - pad, hi.y + pad)
        // Equal scale: widen the axis whose data per pixel is smaller.
        let perPixel = max((x1 - x0) / Double(width), (y1 - y0) / Double(height))
        let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2)
        (x0, x1) = (cx - perPixel * Double(width) / 2, cx + perPixel * Double(width) / 2)
        (y0, y1) = (cy - perPixel * Double(height) / 2, cy + perPixel * Double(height) / 2)
        return PlotFrame(x: x0...x1, y: y0...y1, width: width, height: height)
    }

    /// The data point's position in pixels from the image's top-left corner.
    @inline(__always)
    func pixel(x: Double, y: Double) -> (x: Double, y: Double) {
        ((x - self.x.lowerBound) / (self.x.upperBound - self.x.lowerBound) * Double(width),
         (self.y.upperBound - y) / (self.y.upperBound - self.y.lowerBound) * Double(height))
    }
}
