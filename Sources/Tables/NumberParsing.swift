#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers parsed straight from CSV bytes, without making a `String`.
enum NumberParsing {
    /// A leading sign: whether it is minus, and where the digits start.
    @inline(__always)
    private static func sign(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Bool, Int) {
        guard n > 0, p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") else { return (false, 0) }
        return (p[0] == UInt8(ascii: "-"), 1)
    }

    /// A decimal integer: optional sign, 1–18 digits (longer ones are read as decimals).
    @inline(__always)
    static func int64(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        let (negative, start) = sign(p, n)
        var i = start
        let digits = n - i
        guard digits > 0, digits <= 18 else { return nil }
        var v: Int64 = 0
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    private static let powersOfTen: [Double] = (0...22).map { e in
        var v = 1.0
        for _ in 0..<e { v *= 10 }
        return v
    }

    /// A decimal number `[sign] digits [. digits] [e [sign] digits]` (at least one mantissa digit;
    /// not a bare integer of more than 18 digits).
    /// Exact: Clinger's fast path when the digits fit 53 bits and the power of ten 22, else `strtod`.
    @inline(__always)
    static func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        let (negative, start) = sign(p, n)
        var i = start
        // Up to 19 digits fit the mantissa; longer ones (wrapped here) go to strtod below.
        var mantissa: UInt64 = 0
        while i < n, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            i += 1
        }
        var digits = i - start
        var exponent = 0
        let sawPoint = i < n && p[i] == UInt8(ascii: ".")
        if sawPoint {
            i += 1
            let fraction = i
            while i < n, p[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                i += 1
            }
            exponent = fraction - i
            digits += i - fraction
        }
        guard digits > 0 else { return nil }
        // An integer too long for int64 is an identifier, not a measurement: keep it as text.
        if i == n, digits > 18, !sawPoint { return nil }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            let expStart = i
            while i < n, p[i] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
                i += 1
            }
            guard i > expStart else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        if digits <= 19, mantissa < 1 << 53, abs(exponent) <= 22 {
            let m = Double(mantissa)
            let v = exponent < 0 ? m / powersOfTen[-exponent] : m * powersOfTen[exponent]
            return negative ? -v : v
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer in
            for k in 0..<n { buffer[k] = CChar(bitPattern: p[k]) }
            buffer[n] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
