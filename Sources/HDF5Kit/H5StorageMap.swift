/// Where datasets keep their bytes, found by walking the file's structure with plain reads instead
/// of through libhdf5: superblock version 0 or 1, symbol-table groups (version-1 B-trees, local
/// heaps) and version-1 object headers, which is what h5py and anndata write by default.
///
/// A file read by ranges is walked before libhdf5 opens it: the walk takes a few reads (a chunk
/// index a round of parallel reads per B-tree level), and once the matrix's large datasets are
/// located, everything else in the file (metadata, obs, var, indptr) can be fetched at once, in
/// parallel, rather than miss after miss under libhdf5's lock.
/// Any other layout (8-byte addresses and lengths only) gives nil. Every count and address comes
/// from the file, so a damaged one gives nil or an error, never a trap.
public enum H5StorageMap {
    public typealias ByteSource = (_ address: UInt64, _ count: Int) throws -> [UInt8]
    /// Told of bytes about to be read, so that a remote file can fetch them together.
    public typealias Prefetch = (_ ranges: [Range<UInt64>]) throws -> Void

    /// The bytes of each dataset at `paths` ("X/data"): its contiguous storage or its chunks; nil
    /// when one of them is missing or reached through a structure this walk does not read.
    public static func storage(of paths: [String], read: ByteSource, prefetch: Prefetch) throws -> [String: [Range<UInt64>]]? {
        guard let root = try rootEntry(read: read) else { return nil }
        var found: [String: [Range<UInt64>]] = [:]
        for path in paths {
            var entry = root
            for name in path.split(separator: "/") {
                guard let group = try symbolTable(of: entry, read: read), let child = try lookUp(String(name), in: group, read: read) else { return nil }
                entry = child
            }
            guard let storage = try storage(objectHeader: entry.objectHeader, read: read, prefetch: prefetch) else { return nil }
            found[path] = storage
        }
        return found
    }

    /// A symbol table entry: the object's header and, for a group, its B-tree and name heap when cached.
    struct Entry {
        let nameOffset: UInt64
        let objectHeader: UInt64
        let group: SymbolTable?

        static let size = 40

        init(_ bytes: [UInt8], at offset: Int) {
            nameOffset = bytes.le(UInt64.self, offset)
            objectHeader = bytes.le(UInt64.self, offset + 8)
            let cached = bytes.le(UInt32.self, offset + 16) == 1
            group = cached ? SymbolTable(bTree: bytes.le(UInt64.self, offset + 24), heap: bytes.le(UInt64.self, offset + 32)) : nil
        }
    }

    struct SymbolTable {
        let bTree: UInt64
        let heap: UInt64
    }

    private static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The root group's entry from a version-0/1 superblock at byte 0 (no user block).
    static func rootEntry(read: ByteSource) throws -> Entry? {
        let superblock = try read(0, 128)
        guard superblock.count == 128, superblock[0..<8].elementsEqual(signature), superblock[8] <= 1,
              superblock[13] == 8, superblock[14] == 8 else { return nil }
        let addresses = superblock[8] == 0 ? 24 : 28
        guard superblock.le(UInt64.self, addresses) == 0 else { return nil } // base address
        return Entry(superblock, at: addresses + 32)
    }

    /// A group's B-tree and heap: cached in its entry, else from its symbol table message.
    static func symbolTable(of entry: Entry, read: ByteSource) throws -> SymbolTable? {
        if let group = entry.group { return group }
        guard let message = try H5ObjectHeader.messages(at: entry.objectHeader, read: read)?.first(where: { $0.type == 0x0011 }),
              message.body.count >= 16 else { return nil }
        return SymbolTable(bTree: message.body.le(UInt64.self, 0), heap: message.body.le(UInt64.self, 8))
    }

    /// The entry named `name` in a symbol-table group: its heap's names, its B-tree's symbol nodes.
    static func lookUp(_ name: String, in group: SymbolTable, read: ByteSource) throws -> Entry? {
        guard group.heap < UInt64.max - 32 else { return nil }
        let heap = try read(group.heap, 32)
        guard heap[0..<4].elementsEqual("HEAP".utf8) else { return nil }
        let heapSize = heap.le(UInt64.self, 8)
        guard heapSize < 1 << 24 else { return nil }
        let names = try read(heap.le(UInt64.self, 24), Int(heapSize))
        let wanted = Array(name.utf8) + [0]
        var pending = [group.bTree]
        var visited = 0
        while let node = pending.popLast() {
            visited += 1
            guard visited < 1 << 16, node < UInt64.max - 32 else { return nil }
            let header = try read(node, 24)
            guard header[0..<4].elementsEqual("TREE".utf8), header[4] == 0 else { return nil }
            let children = Int(header.le(UInt16.self, 6))
            let body = try read(node + 24, children * 16 + 8)
            for i in 0..<children {
                let child = body.le(UInt64.self, i * 16 + 8)
                if header[5] > 0 { pending.append(child); continue }
                if let entry = try symbolNode(child, read: read).first(where: { has(wanted, at: $0.nameOffset, in: names) }) { return entry }
            }
        }
        return nil
    }

    private static func symbolNode(_ address: UInt64, read: ByteSource) throws -> [Entry] {
        guard address < UInt64.max - 8 else { return [] }
        let header = try read(address, 8)
        guard header[0..<4].elementsEqual("SNOD".utf8), header[4] == 1 else { return [] }
        let count = Int(header.le(UInt16.self, 6))
        let entries = try read(address + 8, count * Entry.size)
        return (0..<count).map { Entry(entries, at: $0 * Entry.size) }
    }

    private static func has(_ name: [UInt8], at offset: UInt64, in names: [UInt8]) -> Bool {
        guard offset <= UInt64(names.count), UInt64(name.count) <= UInt64(names.count) - offset else { return false }
        return names[Int(offset)..<(Int(offset) + name.count)].elementsEqual(name)
    }

    /// From a layout message (version 3): the contiguous bytes, or every chunk's (nothing for
    /// compact data, kept in the header, or storage not yet allocated).
    static func storage(objectHeader: UInt64, read: ByteSource, prefetch: Prefetch) throws -> [Range<UInt64>]? {
        guard let layout = try H5ObjectHeader.messages(at: objectHeader, read: read)?.first(where: { $0.type == 0x0008 }) else { return nil }
        let body = layout.body
        guard body.count >= 2, body[0] == 3 else { return nil }
        switch body[1] {
        case 0:
            return []
        case 1:
            guard body.count >= 18 else { return nil }
            let address = body.le(UInt64.self, 2), size = body.le(UInt64.self, 10)
            if address == undefined { return [] }
            return address <= UInt64.max - size ? [address..<(address + size)] : nil
        case 2:
            guard body.count >= 11 else { return nil }
            let tree = body.le(UInt64.self, 3)
            if tree == undefined { return [] }
            guard let chunks = try H5ChunkIndex.chunks(bTree: tree, dimensionality: Int(body[2]), read: read, prefetch: prefetch),
                  chunks.allSatisfy({ $0.address <= UInt64.max - UInt64($0.size) }) else { return nil }
            return chunks.map { $0.address..<($0.address + UInt64($0.size)) }
        default:
            return nil
        }
    }

    /// An address not yet allocated.
    private static let undefined = UInt64.max
}
