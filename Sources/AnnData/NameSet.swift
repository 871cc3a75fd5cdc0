import TextFormats

/// A set of names held as their 64-bit hashes (`NameHash`), sorted: 8 bytes a name whatever its
/// length, so the cells a gene panel wants from every matrix of the atlas fit in a few MB.
/// A stored name is taken as listed when its hash is; a stored name that is not listed but shares
/// a listed name's hash would be taken too. For n listed and m stored names of one matrix that
/// chance is about n·m / 2⁶⁴: 2·10⁻⁹ for the atlas's largest matrix listed whole.
public struct NameSet: Sendable {
    private let hashes: [UInt64]

    /// The set of `hashes` (of `NameHash.of`), repeats counted once.
    public init(hashes: consuming [UInt64]) {
        var sorted = hashes
        sorted.sort()
        var kept = 0
        for hash in sorted where kept == 0 || sorted[kept - 1] != hash {
            sorted[kept] = hash
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        self.hashes = sorted
    }

    public init(names: some Sequence<String>) {
        self.init(hashes: names.map(NameHash.of))
    }

    /// Distinct names.
    public var count: Int { hashes.count }

    public func contains(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let hash = NameHash.of(name)
        var low = 0, high = hashes.count
        while low < high {
            let mid = (low + high) >> 1
            if hashes[mid] < hash { low = mid + 1 } else { high = mid }
        }
        return low < hashes.count && hashes[low] == hash
    }
}
