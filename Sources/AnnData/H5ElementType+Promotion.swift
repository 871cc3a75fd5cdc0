import HDF5Kit

extension H5ElementType {
    /// numpy's `result_type` for two numeric dtypes, the dtype anndata.concat gives mixed parts.
    func promoted(with other: H5ElementType) -> H5ElementType {
        if self == other { return self }
        let floats: [H5ElementType] = [.float32, .float64]
        let signed: [H5ElementType] = [.int8, .int16, .int32, .int64]
        let unsigned: [H5ElementType] = [.uint8, .uint16, .uint32, .uint64]
        if self == .bool { return other }
        if other == .bool { return self }
        if floats.contains(self) || floats.contains(other) {
            // float32 holds integers of up to 16 bits exactly; anything wider needs float64.
            let integer = floats.contains(self) ? other : self
            let float = floats.contains(self) ? self : other
            if floats.contains(integer) { return .float64 }
            return float == .float32 && integer.byteSize <= 2 ? .float32 : .float64
        }
        let size = max(byteSize, other.byteSize)
        switch (signed.contains(self), signed.contains(other)) {
        case (true, true): return signed.first { $0.byteSize == size } ?? .int64
        case (false, false): return unsigned.first { $0.byteSize == size } ?? .uint64
        default:
            // Mixed signedness: a signed type wider than the unsigned one, float64 past 64 bits.
            let unsignedSize = unsigned.contains(self) ? byteSize : other.byteSize
            let signedSize = signed.contains(self) ? byteSize : other.byteSize
            if signedSize > unsignedSize { return signed.first { $0.byteSize == signedSize }! }
            return signed.first { $0.byteSize == unsignedSize * 2 } ?? .float64
        }
    }
}
