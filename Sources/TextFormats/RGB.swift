/// An opaque 8-bit sRGB colour.
public struct RGB: Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(r: UInt8, g: UInt8, b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// From 0xRRGGBB.
    public init(packed: UInt32) {
        self.init(r: UInt8((packed >> 16) & 0xFF), g: UInt8((packed >> 8) & 0xFF), b: UInt8(packed & 0xFF))
    }

    /// From `#RRGGBB` or `#RGB` (case-insensitive, the `#` required); nil for anything else.
    public init?(hex text: String) {
        let digits = Array(text.utf8)
        guard digits.first == UInt8(ascii: "#"), digits.count == 7 || digits.count == 4 else { return nil }
        var values: [UInt8] = []
        for d in digits.dropFirst() {
            switch d {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(d - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): values.append(d - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): values.append(d - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        if values.count == 3 {
            self.init(r: values[0] * 17, g: values[1] * 17, b: values[2] * 17)
        } else {
            self.init(r: values[0] << 4 | values[1], g: values[2] << 4 | values[3], b: values[4] << 4 | values[5])
        }
    }

    public static let white = RGB(r: 255, g: 255, b: 255)
    /// The colour matplotlib and the atlas use for a missing value.
    public static let missing = RGB(r: 0xCC, g: 0xCC, b: 0xCC)

    /// The colour a fraction `t` (0…1) of the way from `self` to `other`.
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGB(r: channel(r, other.r), g: channel(g, other.g), b: channel(b, other.b))
    }

    /// `#rrggbb`, as SVG and CSS take it.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        let bytes = [UInt8(ascii: "#"), digits[Int(r >> 4)], digits[Int(r & 15)], digits[Int(g >> 4)],
                     digits[Int(g & 15)], digits[Int(b >> 4)], digits[Int(b & 15)]]
        return String(decoding: bytes, as: UTF8.self)
    }
}
