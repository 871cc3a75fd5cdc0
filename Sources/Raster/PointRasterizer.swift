/// How each point is drawn.
public struct PointStyle: Sendable, Equatable {
    /// Disc diameter in pixels; below one pixel a disc keeps its area as fainter ink.
    public var diameter: Double
    /// Opacity of one point, 0…1.
    public var alpha: Double

    public init(diameter: Double, alpha: Double) {
        self.diameter = diameter
        self.alpha = alpha
    }
}

/// What a render drew and what it left out.
public struct RasterCounts: Sendable, Equatable {
    public var drawn = 0
    /// Points with a NaN (or infinite) coordinate.
    public var missingCoordinates = 0
    /// Points outside the frame's limits.
    public var outside = 0

    public init(drawn: Int = 0, missingCoordinates: Int = 0, outside: Int = 0) {
        self.drawn = drawn
        self.missingCoordinates = missingCoordinates
        self.outside = outside
    }
}

/// Draws points as antialiased discs onto a white raster, in a seeded random order so no
/// category hides another by file order.
public enum PointRasterizer {
    /// One point ready to draw: pixel position and palette entry.
    struct Splat {
        var x: Float
        var y: Float
        var color: UInt32
    }

    /// Renders `rows` (every row when nil) of `xs`/`ys`; point `i` has colour `palette[colors[i]]`.
    public static func render<G: RandomNumberGenerator>(
        xs: [Double], ys: [Double], colors: [UInt32], palette: [RGB], rows: [Int32]? = nil,
        frame: PlotFrame, style: PointStyle, using rng: inout G
    ) -> (image: RGBImage, counts: RasterCounts) {
        precondition(xs.count == ys.count && xs.count == colors.count)
        var (splats, counts) = project(xs: xs, ys: ys, colors: colors, rows: rows, frame: frame, reach: style.diameter / 2 + 1)
        shuffle(&splats, using: &rng)
        var canvas = [Float](repeating: 1, count: frame.width * frame.height * 3)
        draw(splats, palette: palette, style: style, width: frame.width, height: frame.height, on: &canvas)
        counts.drawn = splats.count
        let pixels = canvas.map { UInt8(($0 * 255).rounded()) }
        return (RGBImage(width: frame.width, height: frame.height, pixels: pixels), counts)
    }

    /// Pixel positions of the points that can touch the image, in row order.
    static func project(xs: [Double], ys: [Double], colors: [UInt32], rows: [Int32]?, frame: PlotFrame,
                        reach: Double) -> ([Splat], RasterCounts) {
        var counts = RasterCounts()
        var splats: [Splat] = []
        splats.reserveCapacity(rows?.count ?? xs.count)
        let (w, h) = (Double(frame.width), Double(frame.height))
        func visit(_ i: Int) {
            let x = xs[i], y = ys[i]
            guard x.isFinite, y.isFinite else { counts.missingCoordinates += 1; return }
            guard frame.x.contains(x), frame.y.contains(y) else { counts.outside += 1; return }
            let p = frame.pixel(x: x, y: y)
            guard p.x > -reach, p.x < w + reach, p.y > -reach, p.y < h + reach else { counts.outside += 1; return }
            splats.append(Splat(x: Float(p.x), y: Float(p.y), color: colors[i]))
        }
        if let rows { for r in rows { visit(Int(r)) } } else { for i in xs.indices { visit(i) } }
        return (splats, counts)
    }

    /// Fisher–Yates with a 64-bit multiply-shift draw per step, so a seed gives the same order on
    /// every platform and Swift version.
    static func shuffle<G: RandomNumberGenerator>(_ splats: inout [Splat], using rng: inout G) {
        guard splats.count > 1 else { return }
        splats.withUnsafeMutableBufferPointer { buffer in
            for i in stride(from: buffer.count - 1, to: 0, by: -1) {
                let j = Int(rng.next().multipliedFullWidth(by: UInt64(i + 1)).high)
                buffer.swapAt(i, j)
            }
        }
    }

    /// Composites every splat "over" the canvas (RGB floats, 0…1). A pixel's coverage is the
    /// disc's signed distance from the pixel centre, clamped to 0…1 (one pixel of falloff).
    static func draw(_ splats: [Splat], palette: [RGB], style: PointStyle, width: Int, height: Int,
                     on canvas: inout [Float]) {
        let radius = Float(max(0.5, style.diameter / 2))
        // A disc under one pixel wide keeps its area: drawn one pixel wide, with less ink.
        let ink = Float(style.alpha * min(1, style.diameter * style.diameter))
        let colors = palette.flatMap { [Float($0.r) / 255, Float($0.g) / 255, Float($0.b) / 255] }
        let reach = radius + 0.5
        canvas.withUnsafeMutableBufferPointer { px in
            colors.withUnsafeBufferPointer { rgb in
                for s in splats {
                    let c = Int(s.color) * 3
                    let y0 = max(0, Int((s.y - reach).rounded(.down))), y1 = min(height - 1, Int(s.y + reach))
                    let x0 = max(0, Int((s.x - reach).rounded(.down))), x1 = min(width - 1, Int(s.x + reach))
                    guard y0 <= y1, x0 <= x1 else { continue }
                    for iy in y0...y1 {
                        let dy = Float(iy) + 0.5 - s.y
                        for ix in x0...x1 {
                            let dx = Float(ix) + 0.5 - s.x
                            let coverage = min(1, reach - (dx * dx + dy * dy).squareRoot())
                            guard coverage > 0 else { continue }
                            let a = coverage * ink, p = (iy * width + ix) * 3
                            px[p] += (rgb[c] - px[p]) * a
                            px[p + 1] += (rgb[c + 1] - px[p + 1]) * a
                            px[p + 2] += (rgb[c + 2] - px[p + 2]) * a
                        }
                    }
                }
            }
        }
    }
}
