import TextFormats
import ZlibKit

/// An 8-bit RGB image, rows top to bottom, and its PNG encoding.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width × height × 3` bytes, row-major from the top-left pixel.
    public internal(set) var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3)
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> RGB {
        let i = (y * width + x) * 3
        return RGB(r: pixels[i], g: pixels[i + 1], b: pixels[i + 2])
    }

    /// The image as a PNG file (8-bit truecolour, no alpha): each row filtered with whichever
    /// of the five PNG filters gives the smallest sum of absolute differences (libpng's
    /// heuristic), then deflated by zlib.
    public func png(compressionLevel: Int32 = 6) throws(Zlib.Failure) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, truecolour, deflate, adaptive filtering, no interlace
        Self.appendChunk("IHDR", header, to: &out)
        Self.appendChunk("IDAT", try Zlib.deflate(filteredRows(), level: compressionLevel), to: &out)
        Self.appendChunk("IEND", [], to: &out)
        return out
    }

    /// Scanlines, each prefixed by its filter type.
    func filteredRows() -> [UInt8] {
        let stride = width * 3
        var out = [UInt8](repeating: 0, count: (stride + 1) * height)
        var candidate = [UInt8](repeating: 0, count: stride)
        let zeros = [UInt8](repeating: 0, count: stride)
        pixels.withUnsafeBufferPointer { px in
            zeros.withUnsafeBufferPointer { zero in
                for y in 0..<height {
                    let row = UnsafeBufferPointer(rebasing: px[(y * stride)..<((y + 1) * stride)])
                    let above = y == 0 ? zero : UnsafeBufferPointer(rebasing: px[((y - 1) * stride)..<(y * stride)])
                    var best = (filter: UInt8(0), score: Int.max)
                    for filter in UInt8(0)...4 {
                        let score = Self.filter(filter, row: row, above: above, into: &candidate)
                        if score < best.score { best = (filter, score) }
                    }
                    _ = Self.filter(best.filter, row: row, above: above, into: &candidate)
                    let start = y * (stride + 1)
                    out[start] = best.filter
                    out.replaceSubrange((start + 1)...(start + stride), with: candidate)
                }
            }
        }
        return out
    }

    /// Applies PNG filter `type` (3 bytes per pixel) and returns the sum of |byte as Int8|.
    static func filter(_ type: UInt8, row: UnsafeBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>,
                       into out: inout [UInt8]) -> Int {
        var score = 0
        out.withUnsafeMutableBufferPointer { dst in
            for i in 0..<row.count {
                let a = i >= 3 ? row[i - 3] : 0, b = above[i], c = i >= 3 ? above[i - 3] : 0
                let predictor: UInt8
                switch type {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = UInt8((Int(a) + Int(b)) / 2)
                default: predictor = paeth(a, b, c)
                }
                let v = row[i] &- predictor
                dst[i] = v
                score += v < 128 ? Int(v) : 256 - Int(v)
            }
        }
        return score
    }

    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out.appendBigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        out.appendBigEndian(Zlib.crc32(data, continuing: Zlib.crc32(typeBytes)))
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
