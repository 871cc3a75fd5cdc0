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
        guard chunkElements > 0, let tree = try bTreeAddress(objectHeader: objectHeader, read: read),
              let chunks = try chunks(bTree: tree.address, dimensionality: tree.dimensionality, read: read) else { return nil }
        var found: [Int: UInt64] = [:]
        for chunk in chunks {
            guard let offset = Int(exactly: chunk.offset), offset % chunkElements == 0 else { return nil }
            found[offset / chunkElements] = chunk.address
        }
        return found
    }

    /// One chunk: its first element's offset in the dataset (first dimension), where it is stored
    /// and how many bytes it takes there.
    struct Chunk {
        let offset: UInt64
        let address: UInt64
        let size: UInt32
    }

    /// Every chunk listed by a version-1 chunk B-tree, walked a level at a time; `prefetch` is
    /// given each level's nodes (as large as a node of the default 64 entries) before they are
    /// read, so that a remote file can fetch them together.
    static func chunks(bTree: UInt64, dimensionality: Int, read: ByteSource,
                       prefetch: ([Range<UInt64>]) throws -> Void = { _ in }) throws -> [Chunk]? {
        let keySize = 8 + 8 * dimensionality
        let nodeBytes = UInt64(24 + 64 * (keySize + 8) + keySize)
        var level = [bTree], found: [Chunk] = [], visited = 0
        while !level.isEmpty {
            visited += level.count
            guard visited < 1 << 20, level.allSatisfy({ $0 < UInt64.max - nodeBytes }) else { return nil }
            try prefetch(level.map { $0..<($0 + nodeBytes) })
            var next: [UInt64] = []
            for node in level {
                let header = try read(node, 24)
                guard header[0..<4].elementsEqual("TREE".utf8), header[4] == 1 else { return nil }
                let entries = Int(header.le(UInt16.self, 6))
                let body = try read(node + 24, entries * (keySize + 8) + keySize)
                // A damaged tree could list more nodes or chunks than memory holds.
                guard next.count + entries < 1 << 20, found.count + entries < 1 << 26 else { return nil }
                for i in 0..<entries {
                    let key = i * (keySize + 8), child = body.le(UInt64.self, key + keySize)
                    if header[5] > 0 {
                        next.append(child)
                    } else {
                        found.append(Chunk(offset: body.le(UInt64.self, key + 8), address: child, size: body.le(UInt32.self, key)))
                    }
                }
            }
            level = next
        }
        return found
    }

    /// The B-tree address and dimensionality (rank + 1, so 2 for the 1-D datasets read here)
    /// from the layout message of a version-1 object header.
    private static func bTreeAddress(objectHeader: UInt64, read: ByteSource) throws -> (address: UInt64, dimensionality: Int)? {
        guard let layout = try H5ObjectHeader.messages(at: objectHeader, read: read)?.first(where: { $0.type == 0x0008 }) else { return nil }
        let body = layout.body
        guard body.count >= 11, body[0] == 3, body[1] == 2, body[2] == 2 else { return nil }
        return (body.le(UInt64.self, 3), Int(body[2]))
    }
}

extension Array where Element == UInt8 {
    /// A little-endian integer at byte `offset`.
    func le<T: FixedWidthInteger>(_: T.Type, _ offset: Int) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
