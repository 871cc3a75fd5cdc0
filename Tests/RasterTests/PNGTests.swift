import Foundation
import Raster
import TestSupport
import Testing
import TextFormats

@Suite struct PNGTests {
    /// A 7 × 5 gradient with a few odd pixels, so every filter type has something to do.
    static func sample() -> RGBImage {
        var pixels: [UInt8] = []
        for y in 0..<5 {
            for x in 0..<7 { pixels += [UInt8(x * 36), UInt8(y * 60), UInt8((x * y * 17) % 256)] }
        }
        return RGBImage(width: 7, height: 5, pixels: pixels)
    }

    @Test func pngStartsWithSignatureAndHeader() throws {
        let png = try Self.sample().png()
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        #expect(Array(png.suffix(8).prefix(4)) == Array("IEND".utf8))
    }

    @Test func pillowDecodesThePixelsBack() throws {
        let dir = try TestPaths.temporaryDirectory("png")
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = Self.sample()
        let file = dir.appendingPathComponent("sample.png")
        try Data(image.png()).write(to: file)
        let decoded = try TestPython.run("""
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1])
            im.verify()
            im = Image.open(sys.argv[1])
            print(im.format, im.mode, im.size[0], im.size[1])
            print(im.tobytes().hex())
            """, arguments: [file.path])
        let lines = decoded.split(separator: "\n").map(String.init)
        #expect(lines.first == "PNG RGB 7 5")
        #expect(lines.dropFirst().first == image.pixels.map { String(format: "%02x", $0) }.joined())
    }
}
