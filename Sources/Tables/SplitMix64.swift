/// SplitMix64 (Steele, Lea & Flood 2014), the seeded generator of `Downsampler`: small, fast and
/// easy to re-implement anywhere, so a sample can be reproduced outside atlasweave.
///
///     state = seed
///     next():  state += 0x9E3779B97F4A7C15 (mod 2^64); z = state
///              z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
///              z = (z ^ (z >> 27)) * 0x94D049BB133111EB
///              return z ^ (z >> 31)
///     below(n): t = (2^64 - n) mod n; draw z = next() until z >= t; return z mod n   (unbiased)
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<n` by rejection (no modulo bias).
    public mutating func below(_ n: UInt64) -> UInt64 {
        precondition(n > 0)
        let threshold = (0 &- n) % n
        while true {
            let z = next()
            if z >= threshold { return z % n }
        }
    }
}
