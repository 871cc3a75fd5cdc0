/// Values by 64-bit name hash in an open-addressing table: the look-up `obsRows` makes for every
/// stored cell name, without a Dictionary's seeded re-hashing of a key that is a hash already.
struct NameHashTable {
    private var hashes: [UInt64]
    /// -1 marks an empty place.
    private var values: [Int]
    private let mask: Int

    /// A table for up to `capacity` entries (kept at most half full).
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        values = [Int](repeating: -1, count: size)
        mask = size - 1
    }

    /// Adds `value` under `hash`; false (and nothing changed) when the hash is there already.
    mutating func insert(_ hash: UInt64, value: Int) -> Bool {
        var place = Int(truncatingIfNeeded: hash) & mask
        while values[place] >= 0 {
            if hashes[place] == hash { return false }
            place = (place + 1) & mask
        }
        hashes[place] = hash
        values[place] = value
        return true
    }

    func value(for hash: UInt64) -> Int? {
        var place = Int(truncatingIfNeeded: hash) & mask
        while values[place] >= 0 {
            if hashes[place] == hash { return values[place] }
            place = (place + 1) & mask
        }
        return nil
    }
}
