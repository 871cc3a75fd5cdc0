import CHDF5

extension H5Dataset {
    /// The file bytes of the chunks that hold `elements` of a 1-D chunked dataset, each chunk whole
    /// (a compressed chunk can only be inflated whole), in chunk order; nil when not chunked.
    public func chunkByteRanges(_ elements: [Range<Int>]) throws -> [Range<UInt64>]? {
        try HDF5.sync {
            guard shape.count == 1 else { return nil }
            let plist = H5Handle.plist(try check(H5Dget_create_plist(id), "read creation properties"))
            var dims: [hsize_t] = [0]
            guard H5Pget_layout(plist.id) == H5D_CHUNKED, H5Pget_chunk(plist.id, 1, &dims) == 1, dims[0] > 0 else { return nil }
            let chunkElements = Int(dims[0])
            var chunks = Set<Int>()
            for range in elements where !range.isEmpty {
                for chunk in (range.lowerBound / chunkElements)...((range.upperBound - 1) / chunkElements) { chunks.insert(chunk) }
            }
            var ranges: [Range<UInt64>] = []
            for chunk in chunks.sorted() {
                var offset = [hsize_t(chunk * chunkElements)]
                var mask: UInt32 = 0
                var address: haddr_t = 0
                var size: hsize_t = 0
                try check(H5Dget_chunk_info_by_coord(id, &offset, &mask, &address, &size), "look up chunk \(chunk)")
                if address != chdf5_haddr_undef() { ranges.append(UInt64(address)..<(UInt64(address) + UInt64(size))) }
            }
            return ranges
        }
    }
}
