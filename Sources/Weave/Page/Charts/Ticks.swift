import Foundation

/// Round tick values for chart axes.
public enum Ticks {
    /// Multiples of the smallest 1-2-5 step that gives at most `maxCount` ticks in `lo…hi`.
    public static func linear(from lo: Double, to hi: Double, maxCount: Int = 8) -> [Double] {
        // Divided before subtracting: `hi - lo` overflows for a span beyond Double.max, and an
        // infinite step would make the stride below endless.
        let raw = hi / Double(maxCount) - lo / Double(maxCount)
        guard hi > lo, maxCount > 0, raw.isFinite, raw > 0 else { return [] }
        let magnitude = pow(10, floor(Foundation.log10(raw)))
        let step = [1, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return stride(from: (lo / step).rounded(.up) * step, through: hi + step * 1e-9, by: step).map { $0 }
    }

    /// On an axis of log10 values, the positions of 1, 2, 5 × powers of ten in `lo…hi`; only the
    /// powers of ten when those would be more than `maxCount`.
    public static func log10(from lo: Double, to hi: Double, maxCount: Int = 10) -> [Double] {
        guard hi >= lo, lo.isFinite, hi.isFinite else { return [] }
        var ticks: [Double] = []
        for power in Int(floor(lo))...Int(ceil(hi)) {
            for mantissa in [1.0, 2.0, 5.0] {
                let value = Foundation.log10(mantissa) + Double(power)
                if value >= lo - 1e-9, value <= hi + 1e-9 { ticks.append(value) }
            }
        }
        return ticks.count > maxCount ? ticks.filter { $0 == $0.rounded() } : ticks
    }

    /// Counts 0, step, 2·step, … with a 1-2-5 step, about five steps, the last at or above `maxValue`.
    public static func counts(upTo maxValue: Int) -> [Int] {
        let raw = max(1, Double(maxValue) / 5)
        let magnitude = pow(10, floor(Foundation.log10(raw)))
        let step = Int([1, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude)
        return Array(stride(from: 0, through: maxValue + step - 1, by: max(1, step)))
    }
}
