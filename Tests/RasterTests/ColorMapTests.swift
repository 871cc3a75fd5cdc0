import Foundation
import Raster
import TestSupport
import Testing
import TextFormats

@Suite struct ColorMapTests {
    @Test func hexColoursParseAndPrint() {
        #expect(RGB(hex: "#FF8000") == RGB(r: 255, g: 128, b: 0))
        #expect(RGB(hex: "#f80") == RGB(r: 255, g: 136, b: 0))
        #expect(RGB(hex: "#ff8000")?.hex == "#ff8000")
        for bad in ["FF8000", "#FF800", "#GG8000", "", "#", "#FF80001"] { #expect(RGB(hex: bad) == nil, "\(bad)") }
    }

    @Test func valuesMapToEntriesAsMatplotlibNormalizes() throws {
        let magma = try #require(ColorMap.named("magma"))
        #expect(magma.index(of: 0, low: 0, high: 10) == 0)
        #expect(magma.index(of: 10, low: 0, high: 10) == 255)
        #expect(magma.index(of: 5, low: 0, high: 10) == 128)
        #expect(magma.index(of: -3, low: 0, high: 10) == 0)
        #expect(magma.index(of: 99, low: 0, high: 10) == 255)
        #expect(try #require(ColorMap.named("magma_r"))[0] == magma[255])
    }

    /// The tables equal matplotlib's own lookup tables, entry for entry.
    @Test func tablesEqualMatplotlibs() throws {
        let listing = ColorMap.all.map { map in
            "\(map.name) " + (0..<map.count).map { map[$0].hex }.joined(separator: ",")
        }.joined(separator: "\n")
        let dir = try TestPaths.temporaryDirectory("colormaps")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("maps.txt")
        try listing.write(to: file, atomically: true, encoding: .utf8)
        let out = try TestPython.run("""
            import sys, matplotlib
            bad = []
            for line in open(sys.argv[1]).read().splitlines():
                name, colors = line.split(" ")
                cmap = matplotlib.colormaps[name]
                ref = ["#%02x%02x%02x" % tuple(c[:3]) for c in cmap(range(cmap.N), bytes=True)]
                if ref != colors.split(","):
                    bad.append(name)
            print("mismatch:", ",".join(bad) if bad else "none")
            """, arguments: [file.path])
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "mismatch: none")
    }
}
