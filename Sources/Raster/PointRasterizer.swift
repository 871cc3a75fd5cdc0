import TextFormats

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

    /// Shuffles the draw order: every point goes to one of `buckets` random buckets (one 64-bit
    /// draw each, multiply-shift), and the buckets are drawn one after another. Two points that
    /// overlap share a bucket with probability 1/buckets, so which is on top is random, and the
    /// pass is a counting sort (sequential, cache-friendly) rather than millions of random
    /// swaps. A seed gives the same order on every platform and Swift version.
    static func shuffle<G: RandomNumberGenerator>(_ splats: inout [Splat], using rng: inout G, buckets: Int = 4096) {
        guard splats.count > 1 else { return }
        var bucket = [UInt16](repeating: 0, count: splats.count)
        var starts = [Int](repeating: 0, count: buckets + 1)
        for i in splats.indices {
            let b = Int(rng.next().multipliedFullWidth(by: UInt64(buckets)).high)
            bucket[i] = UInt16(b)
            starts[b + 1] += 1
        }
        for b in 0..<buckets { starts[b + 1] += starts[b] }
        var out = [Splat](repeating: Splat(x: 0, y: 0, color: 0), count: splats.count)
        out.withUnsafeMutableBufferPointer { dst in
            for (i, splat) in splats.enumerated() {
                let b = Int(bucket[i])
                dst[starts[b]] = splat
                starts[b] += 1
            }
        }
        splats = out
    }

    /// Composites every splat "over" the canvas (RGB floats, 0…1). A pixel's coverage is the
    /// disc's signed distance from the pixel centre, clamped to 0…1 (one pixel of falloff),
    /// read from a table of kernels for sub-pixel offsets in steps of 1/16 pixel.
    static func draw(_ splats: [Splat], palette: [RGB], style: PointStyle, width: Int, height: Int,
                     on canvas: inout [Float]) {
        let kernels = Kernels(style: style)
        let colors = palette.flatMap { [Float($0.r) / 255, Float($0.g) / 255, Float($0.b) / 255] }
        canvas.withUnsafeMutableBufferPointer { px in
            colors.withUnsafeBufferPointer { rgb in
                kernels.weights.withUnsafeBufferPointer { weights in
                    for s in splats {
                        let (fx, fy) = (s.x.rounded(.down), s.y.rounded(.down))
                        let (bx, by) = (Int(fx) - kernels.reach, Int(fy) - kernels.reach)
                        let k = kernels.offset(fx: s.x - fx, fy: s.y - fy)
                        let c = Int(s.color) * 3
                        for j in 0..<kernels.side where by + j >= 0 && by + j < height {
                            let row = (by + j) * width
                            for i in 0..<kernels.side where bx + i >= 0 && bx + i < width {
                                let a = weights[k + j * kernels.side + i]
                                guard a > 0 else { continue }
                                let p = (row + bx + i) * 3
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

    /// Per-pixel ink of one disc around its pixel, for each sub-pixel offset of its centre.
    struct Kernels {
        static let steps = 16
        /// Pixels the kernel reaches on each side of the centre's pixel.
        let reach: Int
        let side: Int
        /// (steps + 1)² kernels of side × side weights (coverage × alpha).
        let weights: [Float]

        init(style: PointStyle) {
            let radius = max(0.5, style.diameter / 2)
            // A disc under one pixel wide keeps its area: drawn one pixel wide, with less ink.
            let ink = style.alpha * min(1, style.diameter * style.diameter)
            let falloff = radius + 0.5
            reach = Int(falloff.rounded(.up))
            side = 2 * reach + 1
            var weights: [Float] = []
            weights.reserveCapacity((Self.steps + 1) * (Self.steps + 1) * side * side)
            for qy in 0...Self.steps {
                for qx in 0...Self.steps {
                    let (cx, cy) = (Double(qx) / Double(Self.steps), Double(qy) / Double(Self.steps))
                    for j in 0..<side {
                        for i in 0..<side {
                            let dx = Double(i - reach) + 0.5 - cx, dy = Double(j - reach) + 0.5 - cy
                            weights.append(Float(min(1, max(0, falloff - (dx * dx + dy * dy).squareRoot())) * ink))
                        }
                    }
                }
            }
            self.weights = weights
        }

        /// Where the kernel for a centre at (`fx`, `fy`) within its pixel (0…1) starts.
        @inline(__always)
        func offset(fx: Float, fy: Float) -> Int {
            let qx = Int((fx * Float(Self.steps)).rounded()), qy = Int((fy * Float(Self.steps)).rounded())
            return (qy * (Self.steps + 1) + qx) * side * side
        }
    }
}
