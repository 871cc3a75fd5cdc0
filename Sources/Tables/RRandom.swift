import Foundation

/// R's default random numbers (R ≥ 3.6.0: `RNGkind("Mersenne-Twister", "Inversion", "Rejection")`),
/// bit for bit, so that `set.seed(s); sample.int(n, size)` can be reproduced outside R.
///
/// Follows R's `src/main/RNG.c` (`RNG_Init`, `FixupSeeds`, `MT_genrand`, `fixup`, `rbits`,
/// `R_unif_index`), `src/main/random.c` (`do_sample`), `src/main/unique.c` (`do_sample2`) and
/// `src/library/base/R/sample.R` (which of the two `sample.int` uses).
public struct RRandom: Sendable {
    private static let n = 624
    private static let m = 397
    /// R's `i2_32m1`, 1/(2^32 − 1): `fixup` maps 0 to half of it.
    private static let i2_32m1 = 2.328306437080797e-10
    /// Above this `n`, `sample.int` without replacement hashes (`sample2`) when `size <= n/2`.
    public static let hashingAbove = 10_000_000

    /// The MT19937 state, R's `dummy[1...624]`.
    private var mt: [UInt32]
    /// R's `mti`, kept in `dummy[0]`.
    private var mti: Int

    /// `set.seed(seed)`: the seed scrambled by 50 steps of `seed = 69069 * seed + 1` (unsigned
    /// 32-bit), 625 more steps filling `dummy[0...624]`, then `FixupSeeds` setting `mti = 624`
    /// (so the first draw regenerates the whole state).
    public init(seed: Int32) {
        var s = UInt32(bitPattern: seed)
        for _ in 0..<50 { s = 69069 &* s &+ 1 }
        var dummy = [UInt32](repeating: 0, count: Self.n + 1)
        for j in dummy.indices {
            s = 69069 &* s &+ 1
            dummy[j] = s
        }
        mt = Array(dummy[1...])
        mti = Self.n
        // FixupSeeds re-randomizes from the clock when all 624 words are zero; 69069·s + 1 is
        // odd every other step, so that cannot happen from set.seed.
    }

    /// `unif_rand()`: the tempered MT19937 output times 2^−32, kept strictly inside (0, 1).
    public mutating func unifRand() -> Double {
        let x = Double(nextWord()) * 2.3283064365386963e-10
        if x <= 0 { return 0.5 * Self.i2_32m1 }
        if 1 - x <= 0 { return 1 - 0.5 * Self.i2_32m1 }
        return x
    }

    /// `R_unif_index(n)` with "Rejection" sampling: a uniform integer in `0..<n` (0 when `n <= 0`),
    /// drawn as `bits = ceil(log2(n))` random bits in 16-bit chunks until below `n`.
    public mutating func unifIndex(_ n: Int) -> Int {
        guard n > 0 else { return 0 }
        // As R: the double log2 (for n just above a large power of two it rounds down).
        let bits = Int(ceil(log2(Double(n))))
        while true {
            let v = randomBits(bits)
            if v < n { return v }
        }
    }

    /// `sample.int(n, size)` without replacement: R's values, 1-based, in draw order. Uses the
    /// hashing algorithm (`sample2`) when `n > 1e7` and `size <= n/2`, as `sample.int` does.
    public mutating func sampleInt(_ n: Int, size: Int) -> [Int] {
        if n > Self.hashingAbove && Double(size) <= Double(n) / 2 { return sampleHashed(n, size: size) }
        return sampleSwapping(n, size: size)
    }

    /// `do_sample` without replacement: `x[i] = i`; each draw takes `x[j] + 1` for
    /// `j = R_unif_index(n)` and moves `x[n − 1]` into `x[j]`, `n` shrinking by one. (R keeps
    /// `x` as doubles when `n` exceeds INT_MAX; the values are the same.)
    public mutating func sampleSwapping(_ n: Int, size: Int) -> [Int] {
        precondition(size >= 0 && size <= n, "sample size \(size) outside 0...\(n)")
        if n <= Int(Int32.max) { return swapping(n, size: size, as: Int32.self) }
        return swapping(n, size: size, as: Int.self)
    }

    /// `do_sample2`: draw `R_unif_index(n) + 1` until it is not among the earlier draws, at most
    /// 100 times per element (R then keeps the duplicate; with `size <= n/2` the chance of that
    /// is below 2^−100). R's hash table only answers "seen before?", so a `Set` gives its values.
    public mutating func sampleHashed(_ n: Int, size: Int) -> [Int] {
        precondition(size >= 0 && Double(size) <= Double(n) / 2, "sample size \(size) above half of \(n)")
        var seen = Set<Int>(minimumCapacity: size)
        var out: [Int] = []
        out.reserveCapacity(size)
        for _ in 0..<size {
            var value = 0
            for _ in 0..<100 {
                value = unifIndex(n) + 1
                if seen.insert(value).inserted { break }
            }
            out.append(value)
        }
        return out
    }

    private mutating func swapping<T: FixedWidthInteger>(_ n: Int, size: Int, as _: T.Type) -> [Int] {
        var x = [T](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = T(truncatingIfNeeded: i) }
            count = n
        }
        var remaining = n
        var out = [Int](repeating: 0, count: size)
        for i in 0..<size {
            let j = unifIndex(remaining)
            out[i] = Int(x[j]) + 1
            remaining -= 1
            x[j] = x[remaining]
        }
        return out
    }

    /// R's `rbits`: `v = 65536 * v + floor(unif_rand() * 65536)` for chunk starts 0, 16, … up to
    /// `bits`, then the low `bits` bits of `v` (64-bit arithmetic, as R's `int_least64_t`).
    private mutating func randomBits(_ bits: Int) -> Int {
        var v: UInt64 = 0
        for _ in stride(from: 0, through: bits, by: 16) {
            let chunk = UInt64(floor(unifRand() * 65536))
            v = 65536 &* v &+ chunk
        }
        return Int(v & ((1 << UInt64(bits)) - 1))
    }

    /// `MT_genrand` without the scaling: regenerate all 624 words when used up, then temper.
    private mutating func nextWord() -> UInt32 {
        if mti >= Self.n { twist() }
        var y = mt[mti]
        mti += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        let (n, m) = (Self.n, Self.m)
        func mixed(_ upper: UInt32, _ lower: UInt32, _ far: UInt32) -> UInt32 {
            let y = (upper & 0x8000_0000) | (lower & 0x7FFF_FFFF)
            return far ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF)
        }
        for k in 0..<(n - m) { mt[k] = mixed(mt[k], mt[k + 1], mt[k + m]) }
        for k in (n - m)..<(n - 1) { mt[k] = mixed(mt[k], mt[k + 1], mt[k + m - n]) }
        mt[n - 1] = mixed(mt[n - 1], mt[0], mt[m - 1])
        mti = 0
    }
}
