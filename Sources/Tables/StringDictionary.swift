/// The values of a string column in first-appearance order, stored as UTF-8 bytes in one arena
/// (no Swift `String` per value until one is asked for).
///
/// Repeated values are stored once (`isInterned`). A column whose values are nearly all
/// distinct (cell labels, UUIDs) is stored plainly instead, one entry per row, because hashing
/// millions of distinct values costs time and memory for no saving; there equal strings may
/// have different codes.
public struct StringDictionary: Sendable {
    public internal(set) var isInterned = true
    var bytes: [UInt8] = []
    /// End offset in `bytes` of each entry; entry `i` starts where entry `i - 1` ends.
    var ends: [Int] = []

    public var count: Int { ends.count }

    public subscript(code: Int) -> String {
        let start = code == 0 ? 0 : ends[code - 1]
        return bytes.withUnsafeBufferPointer { String(decoding: $0[start..<ends[code]], as: UTF8.self) }
    }

    func range(of code: Int) -> Range<Int> { (code == 0 ? 0 : ends[code - 1])..<ends[code] }
}

/// Builds a `StringDictionary`, finding repeated values by a hash of their bytes
/// (open addressing, linear probing; each slot keeps 32 hash bits and code + 1).
struct StringInterner {
    private(set) var dictionary = StringDictionary()
    private var slots: [UInt64]
    private var mask: Int
    private var lastCode: UInt32 = .max

    init(capacity: Int = 64) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Starts from an existing dictionary (the first chunk's), keeping its codes.
    init(reusing dictionary: StringDictionary) {
        self.init(capacity: dictionary.count)
        self.dictionary = dictionary
        dictionary.bytes.withUnsafeBufferPointer { bytes in
            for code in 0..<dictionary.count {
                let r = dictionary.range(of: code)
                insertSlot(hash: Self.hash(bytes.baseAddress! + r.lowerBound, r.count), code: UInt32(code))
            }
        }
    }

    /// The code of these bytes, adding them if new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        if !dictionary.isInterned { return add(p, n) }
        // Columns are often sorted or grouped: the previous value is the likeliest.
        if lastCode != .max, equals(Int(lastCode), p, n) { return lastCode }
        let h = Self.hash(p, n)
        let tag = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { break }
            if slot >> 32 == tag {
                let code = Int(slot & 0xFFFF_FFFF) - 1
                if equals(code, p, n) {
                    lastCode = UInt32(code)
                    return lastCode
                }
            }
            i = (i + 1) & mask
        }
        let code = add(p, n)
        slots[i] = tag << 32 | UInt64(code + 1)
        if dictionary.count * 2 > slots.count { grow() }
        lastCode = code
        return code
    }

    @inline(__always)
    private mutating func add(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        dictionary.bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        dictionary.ends.append(dictionary.bytes.count)
        return UInt32(dictionary.count - 1)
    }

    /// Stops looking values up: every later value gets a new entry. Room is made for
    /// `expecting` entries of the average length so far (growing by copying costs more).
    mutating func storePlainly(expecting: Int) {
        dictionary.isInterned = false
        let average = dictionary.bytes.count / max(1, dictionary.count) + 1
        dictionary.bytes.reserveCapacity(average * expecting * 21 / 20)
        dictionary.ends.reserveCapacity(expecting)
        slots = []
        lastCode = .max
    }

    @inline(__always)
    private func equals(_ code: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let start = code == 0 ? 0 : dictionary.ends[code - 1]
        guard dictionary.ends[code] - start == n else { return false }
        if n == 0 { return true }
        return dictionary.bytes.withUnsafeBufferPointer { Self.bytesEqual($0.baseAddress! + start, p, n) }
    }

    /// Byte equality a word at a time (values are short: a libc call costs more than the compare).
    @inline(__always)
    static func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= n {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    private mutating func insertSlot(hash h: UInt64, code: UInt32) {
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = (h >> 32) << 32 | UInt64(code + 1)
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        dictionary.bytes.withUnsafeBufferPointer { bytes in
            for slot in old where slot != 0 {
                let code = Int(slot & 0xFFFF_FFFF) - 1
                let r = dictionary.range(of: code)
                insertSlot(hash: Self.hash(bytes.baseAddress! + r.lowerBound, r.count), code: UInt32(code))
            }
        }
    }

    /// A fast 64-bit hash of a byte slice: 8-byte words folded with multiply-xorshift steps.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}
