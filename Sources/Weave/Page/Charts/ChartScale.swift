/// A linear map from data values to SVG coordinates (a `to` range may run downwards, as a y axis does).
public struct LinearScale: Sendable {
    public let domain: ClosedRange<Double>
    public let from: Double
    public let to: Double

    public init(domain: ClosedRange<Double>, from: Double, to: Double) {
        self.domain = domain
        self.from = from
        self.to = to
    }

    public func position(_ value: Double) -> Double {
        // Halved first, so a domain spanning more than Double.max still maps.
        let span = domain.upperBound / 2 - domain.lowerBound / 2
        guard span > 0 else { return from }
        return from + (value / 2 - domain.lowerBound / 2) / span * (to - from)
    }
}

/// Numbers in SVG attributes: one decimal, enough for a screen.
public enum SVGNumber {
    /// One decimal; a value that rounds to zero prints as "0.0", never "-0.0".
    public static func format(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text == "-0.0" ? "0.0" : text
    }
}
