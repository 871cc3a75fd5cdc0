import TextFormats


/// Colours for values on a continuous scale: what a colour map provides.
public protocol ColorScale: Sendable {
    /// The colour at `t` in 0…1 (values outside are clamped by `color(for:in:)`).
    func color(at t: Double) -> RGB
}

extension ColorScale {
    /// The colour of `value` on `domain`, clamped to its ends.
    public func color(for value: Double, in domain: ClosedRange<Double>) -> RGB {
        let span = domain.upperBound - domain.lowerBound
        let t = span > 0 ? (value - domain.lowerBound) / span : 0
        return color(at: min(1, max(0, t)))
    }
}

/// Evenly spaced colour stops with linear interpolation between them: any sampled colour map.
public struct GradientScale: ColorScale {
    public let stops: [RGB]

    public init(stops: [RGB]) {
        precondition(!stops.isEmpty, "a gradient needs at least one colour")
        self.stops = stops
    }

    public func color(at t: Double) -> RGB {
        guard stops.count > 1 else { return stops[0] }
        let position = min(1, max(0, t)) * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(position))
        return stops[index].mixed(with: stops[index + 1], position - Double(index))
    }

    /// Light grey to the report's bar blue, the default for counts.
    public static let blues = GradientScale(stops: [RGB(packed: 0xf0f4f8), RGB(packed: 0x4a7fb5), RGB(packed: 0x1d3f66)])
}

/// Distinct colours for categories, repeating after the last.
public struct CategoricalPalette: Sendable {
    public let colors: [RGB]

    public init(colors: [RGB]) {
        precondition(!colors.isEmpty, "a palette needs at least one colour")
        self.colors = colors
    }

    public func color(_ index: Int) -> RGB { colors[index % colors.count] }

    /// Ten colours that stay apart for readers with common colour-vision deficiencies (Okabe–Ito, extended).
    public static let standard = CategoricalPalette(colors: [
        0x4a7fb5, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00, 0xf0e442, 0x0072b2, 0x999999, 0x000000,
    ].map(RGB.init(packed:)))
}
