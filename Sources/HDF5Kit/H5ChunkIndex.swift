import CHDF5

/// The file addresses of a 1-D chunked dataset's chunks, read from its version-1 B-tree in one
/// walk (object header v1 → layout message v3 → B-tree nodes), as the file format specification
/// lays them out. Looking each chunk up through the library costs a few microseconds a call,
/// which adds up over the thousands of chunks a scattered row read touches. Any other layout
/// (object header v2, layout v4 indexes) gives nil and the caller looks chunks up one by one.
enum H5ChunkIndex {
    /// Reads `count` bytes at a file address (throws when the file has none there).
    typealias ByteSource = (_ address: UInt64, _ count: Int) throws -> [UInt8]

    /// Chunk address by chunk number; chunks not found stay absent.
    static func addresses(of dataset: H5Dataset, chunkElements: Int, reader: H5DirectReader) throws -> [Int: UInt64]? {
        var info = H5O_info_t()
        let status = HDF5.sync { H5Oget_info2(dataset.id, &info, 1 /* H5O_INFO_BASIC */) }
        guard status >= 0 else { _ = HDF5.sync { HDF5.takeErrorStack() }; return nil }
        return try addresses(objectHeader: UInt64(info.addr), chunkElements: chunkElements, read: reader.bytes)
    }

    /// The walk itself, over the bytes `read` gives: every count and address in them comes from
    /// the file, so a damaged one gives nil or an error, never a trap.
    static func addresses(objectHeader: UInt64, chunkElements: Int, read: ByteSource) throws -> [Int: UInt64]? {
        guard chunkElements > 0, let tree = try bTreeAddress(objectHeader: objectHeader, read: read) else { return nil }
        var found: [Int: UInt64] = [:]
        var pending = [tree.address]
        var visited = 0
        let keySize = 8 + 8 * tree.dimensionality
        while let node = pending.popLast() {
            visited += 1
            guard visited < 1 << 20, node < UInt64.max - 24 else { return nil }
            let header = try read(node, 24)
            guard header[0..<4].elementsEqual("TREE".utf8), header[4] == 1 else { return nil }
            let level = header[5]
            let entries = Int(header.le(UInt16.self, 6))
            let body = try read(node + 24, entries * (keySize + 8) + keySize)
            for i in 0..<entries {
                let key = i * (keySize + 8)
                let child = body.le(UInt64.self, key + keySize)
                if level > 0 {
                    pending.append(child)
                } else {
                    guard let offset = Int(exactly: body.le(UInt64.self, key + 8)), offset % chunkElements == 0 else { return nil }
                    found[offset / chunkElements] = child
                }
            }
        }
        return found
    }

    /// The B-tree address and dimensionality (rank + 1, so 2 for the 1-D datasets read here)
    /// from the layout message of a version-1 object header.
    private static func bTreeAddress(objectHeader: UInt64, read: ByteSource) throws -> (address: UInt64, dimensionality: Int)? {
        guard objectHeader < UInt64.max - 16 else { return nil }
        let prefix = try read(objectHeader, 16)
        guard prefix[0] == 1 else { return nil }
        var blocks = [(objectHeader + 16, Int(prefix.le(UInt32.self, 8)))]
        var seen = 0
        while let (start, length) = blocks.popLast() {
            seen += 1
            guard seen < 64, length >= 0, length < 1 << 20 else { return nil }
            let block = try read(start, length)
            var position = 0
            while position + 8 <= length {
                let type = block.le(UInt16.self, position), size = Int(block.le(UInt16.self, position + 2))
                let data = position + 8
                guard data + size <= length else { return nil }
                if type == 0x0010, size >= 16 { // continuation
                    let length = block.le(UInt64.self, data + 8)
                    guard length < 1 << 20 else { return nil }
                    blocks.append((block.le(UInt64.self, data), Int(length)))
                } else if type == 0x0008 { // data layout
                    guard size >= 11, block[data] == 3, block[data + 1] == 2, block[data + 2] == 2 else { return nil }
                    return (block.le(UInt64.self, data + 3), Int(block[data + 2]))
                }
                position = data + size
            }
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    /// A little-endian integer at byte `offset`.
    func le<T: FixedWidthInteger>(_: T.Type, _ offset: Int) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
