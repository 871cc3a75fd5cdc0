import Foundation
import Raster
import Testing
import TextFormats

/// A tiny seeded generator for the tests (the directives pass Tables' SplitMix64).
struct CountingGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}

@Suite struct PointRasterizerTests {
    let frame = PlotFrame(x: 0...10, y: 0...10, width: 10, height: 10)
    let red = RGB(r: 200, g: 10, b: 30)

    @Test func aPointColoursThePixelUnderIt() {
        var rng = CountingGenerator(state: 1)
        // (2.5, 7.5) is the centre of pixel column 2, row 2 counted from the top.
        let (image, counts) = PointRasterizer.render(xs: [2.5], ys: [7.5], colors: [0], palette: [red],
                                                     frame: frame, style: PointStyle(diameter: 1, alpha: 1), using: &rng)
        #expect(counts == RasterCounts(drawn: 1, missingCoordinates: 0, outside: 0))
        #expect(image[2, 2] == red)
        #expect(image[3, 2] == .white)
        #expect(image[2, 7] == .white)
        // Everything but that pixel stays white.
        let inked = (0..<10).flatMap { y in (0..<10).map { (x: $0, y: y) } }.filter { image[$0.x, $0.y] != .white }
        #expect(inked.count == 1)
    }

    @Test func alphaBlendsOverWhiteAndAntialiasesEdges() {
        var rng = CountingGenerator(state: 1)
        let (half, _) = PointRasterizer.render(xs: [2.5], ys: [7.5], colors: [0], palette: [RGB(r: 0, g: 0, b: 0)],
                                               frame: frame, style: PointStyle(diameter: 1, alpha: 0.5), using: &rng)
        #expect(half[2, 2] == RGB(r: 128, g: 128, b: 128))
        // A point on a pixel corner shares its ink among the four pixels around it.
        let (corner, _) = PointRasterizer.render(xs: [3], ys: [7], colors: [0], palette: [RGB(r: 0, g: 0, b: 0)],
                                                 frame: frame, style: PointStyle(diameter: 1, alpha: 1), using: &rng)
        let shades = [corner[2, 2], corner[3, 2], corner[2, 3], corner[3, 3]].map(\.r)
        #expect(Set(shades).count == 1)
        #expect(shades[0] > 0 && shades[0] < 255)
    }

    @Test func nanCoordinatesAreSkippedAndCounted() {
        var rng = CountingGenerator(state: 1)
        let (image, counts) = PointRasterizer.render(
            xs: [1.5, .nan, 4.5, 50], ys: [1.5, 3, .nan, 5], colors: [0, 0, 0, 0], palette: [red],
            frame: frame, style: PointStyle(diameter: 1, alpha: 1), using: &rng)
        #expect(counts == RasterCounts(drawn: 1, missingCoordinates: 2, outside: 1))
        #expect(image[1, 8] == red)
    }

    @Test func theSeedFixesTheDrawOrder() throws {
        // Overlapping points of two colours: which is on top depends on the order drawn.
        let n = 400
        let xs = (0..<n).map { Double($0 % 20) / 2 }, ys = (0..<n).map { Double($0 / 40) }
        let colors = (0..<n).map { UInt32($0 % 2) }
        func png(seed: UInt64) throws -> [UInt8] {
            var rng = CountingGenerator(state: seed)
            let (image, _) = PointRasterizer.render(xs: xs, ys: ys, colors: colors, palette: [red, RGB(r: 0, g: 90, b: 200)],
                                                    frame: frame, style: PointStyle(diameter: 3, alpha: 0.9), using: &rng)
            return try image.png()
        }
        #expect(try png(seed: 7) == png(seed: 7))
        #expect(try png(seed: 7) != png(seed: 8))
    }

    @Test func limitsFromTheDataKeepOneScaleOnBothAxes() throws {
        let frame = try #require(PlotFrame.fitting(xs: [0, 10, .nan], ys: [0, 2, 1], width: 200, height: 100, margin: 0))
        #expect(frame.x == 0...10)
        #expect(abs((frame.y.upperBound - frame.y.lowerBound) - 5) < 1e-9)
        #expect(abs((frame.y.upperBound + frame.y.lowerBound) / 2 - 1) < 1e-9)
        #expect(PlotFrame.fitting(xs: [.nan], ys: [1], width: 10, height: 10) == nil)
    }
}
