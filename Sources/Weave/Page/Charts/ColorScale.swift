/// A colour in sRGB, written as `#rrggbb`.
public struct RGBColor: Sendable, Equatable, Hashable {
    public let red: UInt8
    public let green: UInt8
    public let blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `0xrrggbb`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xff), green: UInt8((hex >> 8) & 0xff), blue: UInt8(hex & 0xff))
    }

    public var hex: String {
        "#" + [red, green, blue].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The colour a fraction `t` (0…1) of the way from `self` to `other`.
    public func mixed(with other: RGBColor, _ t: Double) -> RGBColor {
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGBColor(red: channel(red, other.red), green: channel(green, other.green), blue: channel(blue, other.blue))
    }
}

/// Colours for values on a continuous scale: what a colour map provides.
public protocol ColorScale: Sendable {
    /// The colour at `t` in 0…1 (values outside are clamped by `color(for:in:)`).
    func color(at t: Double) -> RGBColor
}

extension ColorScale {
    /// The colour of `value` on `domain`, clamped to its ends.
    public func color(for value: Double, in domain: ClosedRange<Double>) -> RGBColor {
        let span = domain.upperBound - domain.lowerBound
        let t = span > 0 ? (value - domain.lowerBound) / span : 0
        return color(at: min(1, max(0, t)))
    }
}

/// Evenly spaced colour stops with linear interpolation between them: any sampled colour map.
public struct GradientScale: ColorScale {
    public let stops: [RGBColor]

    public init(stops: [RGBColor]) {
        precondition(!stops.isEmpty, "a gradient needs at least one colour")
        self.stops = stops
    }

    public func color(at t: Double) -> RGBColor {
        guard stops.count > 1 else { return stops[0] }
        let position = min(1, max(0, t)) * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(position))
        return stops[index].mixed(with: stops[index + 1], position - Double(index))
    }

    /// Light grey to the report's bar blue, the default for counts.
    public static let blues = GradientScale(stops: [RGBColor(hex: 0xf0f4f8), RGBColor(hex: 0x4a7fb5), RGBColor(hex: 0x1d3f66)])
}

/// Distinct colours for categories, repeating after the last.
public struct CategoricalPalette: Sendable {
    public let colors: [RGBColor]

    public init(colors: [RGBColor]) {
        precondition(!colors.isEmpty, "a palette needs at least one colour")
        self.colors = colors
    }

    public func color(_ index: Int) -> RGBColor { colors[index % colors.count] }

    /// Ten colours that stay apart for readers with common colour-vision deficiencies (Okabe–Ito, extended).
    public static let standard = CategoricalPalette(colors: [
        0x4a7fb5, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00, 0xf0e442, 0x0072b2, 0x999999, 0x000000,
    ].map(RGBColor.init(hex:)))
}
