import CHDF5

/// The file addresses of a 1-D chunked dataset's chunks, read from its version-1 B-tree in one
/// walk (object header v1 → layout message v3 → B-tree nodes), as the file format specification
/// lays them out. Looking each chunk up through the library costs a few microseconds a call,
/// which adds up over the thousands of chunks a scattered row read touches. Any other layout
/// (object header v2, layout v4 indexes) gives nil and the caller looks chunks up one by one.
enum H5ChunkIndex {
    /// Chunk address by chunk number; chunks not found stay absent.
    static func addresses(of dataset: H5Dataset, chunkElements: Int, elementSize: Int, reader: H5DirectReader) throws -> [Int: UInt64]? {
        var info = H5O_info_t()
        let status = HDF5.sync { H5Oget_info2(dataset.id, &info, 1 /* H5O_INFO_BASIC */) }
        guard status >= 0 else { _ = HDF5.sync { HDF5.takeErrorStack() }; return nil }
        guard let tree = try bTreeAddress(objectHeader: UInt64(info.addr), reader: reader) else { return nil }
        var found: [Int: UInt64] = [:]
        var pending = [tree.address]
        var visited = 0
        while let node = pending.popLast() {
            visited += 1
            guard visited < 1 << 20 else { return nil }
            let header = try read(reader, at: node, count: 24)
            guard header[0..<4].elementsEqual("TREE".utf8), header[4] == 1 else { return nil }
            let level = header[5]
            let entries = Int(header.le(UInt16.self, 6))
            let keySize = 8 + 8 * tree.dimensionality
            let body = try read(reader, at: node + 24, count: entries * (keySize + 8) + keySize)
            for i in 0..<entries {
                let key = i * (keySize + 8)
                let child = body.le(UInt64.self, key + keySize)
                if level > 0 {
                    pending.append(child)
                } else {
                    let offset = Int(body.le(UInt64.self, key + 8))
                    guard offset % chunkElements == 0 else { return nil }
                    found[offset / chunkElements] = child
                }
            }
        }
        return found
    }

    /// The B-tree address and dimensionality from the layout message of a version-1 object header.
    private static func bTreeAddress(objectHeader: UInt64, reader: H5DirectReader) throws -> (address: UInt64, dimensionality: Int)? {
        let prefix = try read(reader, at: objectHeader, count: 16)
        guard prefix[0] == 1 else { return nil }
        var blocks = [(objectHeader + 16, Int(prefix.le(UInt32.self, 8)))]
        var seen = 0
        while let (start, length) = blocks.popLast() {
            seen += 1
            guard seen < 64, length < 1 << 20 else { return nil }
            let block = try read(reader, at: start, count: length)
            var position = 0
            while position + 8 <= length {
                let type = block.le(UInt16.self, position), size = Int(block.le(UInt16.self, position + 2))
                let data = position + 8
                guard data + size <= length else { return nil }
                if type == 0x0010, size >= 16 { // continuation
                    blocks.append((block.le(UInt64.self, data), Int(block.le(UInt64.self, data + 8))))
                } else if type == 0x0008 { // data layout
                    guard size >= 11, block[data] == 3, block[data + 1] == 2 else { return nil }
                    return (block.le(UInt64.self, data + 3), Int(block[data + 2]))
                }
                position = data + size
            }
        }
        return nil
    }

    private static func read(_ reader: H5DirectReader, at address: UInt64, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try reader.readFully(into: $0.baseAddress!, count: count, at: address) }
        return bytes
    }
}

extension Array where Element == UInt8 {
    /// A little-endian integer at byte `offset`.
    func le<T: FixedWidthInteger>(_: T.Type, _ offset: Int) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
