import CHDF5
import Foundation

/// Reads element ranges of an uncompressed 1-D dataset straight from the file with `pread`, at
/// the addresses libhdf5 reports for its storage: one system call per chunk touched instead of a
/// library read (dataspaces, chunk index walk, type path) per range, which is what dominates
/// thousands of small scattered row reads. Chunk addresses are looked up once each, on first use.
/// Once every address is known the reader can `detach` from the library and be used from any
/// thread without it.
// @unchecked: `dataset` and `addresses` change only under HDF5.sync until `detach`; after it, reads use pread only.
public final class H5DirectReader: @unchecked Sendable {
    /// Nil once detached.
    private var dataset: H5Dataset?
    /// The file and the dataset's path, for errors.
    public let file: String
    public let object: String
    /// Elements in the dataset.
    public let count: Int
    /// Bytes per element (file type = memory type, native byte order).
    public let elementSize: Int
    /// Elements per chunk (the whole dataset when contiguous).
    private let chunkElements: Int
    private let contiguous: Bool
    private var addresses: [UInt64]
    private let descriptor: Int32
    private static let unknown = UInt64.max
    private static let undefined = UInt64.max - 1

    /// A reader for `dataset` read as `type`, or nil when it must go through the library: filtered
    /// storage, another element type or byte order, not 1-D, or storage not yet allocated.
    public convenience init?(_ dataset: H5Dataset, as type: H5ElementType) throws {
        guard dataset.elementType == type, type.isNumeric else { return nil }
        let sameLayout = HDF5.sync {
            H5Tget_order(dataset.fileType.id) == (1.littleEndian == 1 ? H5T_ORDER_LE : H5T_ORDER_BE)
                && H5Tget_size(dataset.fileType.id) == type.byteSize
        }
        guard sameLayout else { return nil }
        try self.init(dataset, storedElementSize: type.byteSize)
    }

    /// A reader of the stored bytes of a 1-D dataset whose elements take `storedElementSize` bytes
    /// on disk (nil for filtered or unallocated storage, or a file with a user block).
    init?(_ dataset: H5Dataset, storedElementSize: Int) throws {
        guard dataset.shape.count == 1 else { return nil }
        let plan: (contiguous: Bool, chunk: Int, first: UInt64)? = try HDF5.sync {
            let plist = H5Handle.plist(try dataset.check(H5Dget_create_plist(dataset.id), "read creation properties"))
            guard H5Pget_nfilters(plist.id) == 0, dataset.file.storageGeometry?.userBlock == 0 else { return nil }
            switch H5Pget_layout(plist.id) {
            case H5D_CONTIGUOUS:
                return dataset.storageAddress.map { (true, max(dataset.count, 1), $0) }
            case H5D_CHUNKED:
                var dims: [hsize_t] = [0]
                guard H5Pget_chunk(plist.id, 1, &dims) == 1, dims[0] > 0 else { return nil }
                return (false, Int(dims[0]), Self.unknown)
            default:
                return nil
            }
        }
        guard let plan else { return nil }
        let descriptor = open(dataset.file.path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        self.dataset = dataset
        file = dataset.file.path
        object = dataset.path
        count = dataset.count
        elementSize = storedElementSize
        contiguous = plan.contiguous
        chunkElements = plan.chunk
        addresses = [UInt64](repeating: plan.first, count: contiguous ? 1 : (dataset.count + plan.chunk - 1) / plan.chunk)
        self.descriptor = descriptor
        if !contiguous, !addresses.isEmpty { try loadChunkIndex() } // an empty dataset has no index yet
    }

    /// Fills the chunk addresses from the dataset's B-tree when it can be walked, after checking
    /// the first and last chunk against the library's own look-up.
    private func loadChunkIndex() throws {
        guard let dataset, let found = try H5ChunkIndex.addresses(of: dataset, chunkElements: chunkElements, elementSize: elementSize, reader: self),
              found.count == addresses.count, let last = addresses.indices.last else { return }
        let expected = [0, last].map { found[$0] }
        guard try expected[0] == address(ofChunk: 0), try expected[1] == address(ofChunk: last) else { return }
        for (chunk, address) in found where chunk < addresses.count { addresses[chunk] = address }
    }

    deinit { close(descriptor) }

    /// Lets go of the dataset (and so of the library and the open file) when every chunk's
    /// address is known; false, keeping it, when some would still have to be looked up.
    public func detach() -> Bool {
        guard !addresses.contains(Self.unknown) else { return false }
        dataset = nil
        return true
    }

    private func error(_ operation: String) -> HDF5Error { HDF5Error(file: file, object: object, operation: operation) }

    /// Reads `elements` into `buffer` (at least `elements.count × elementSize` bytes).
    public func read(into buffer: UnsafeMutableRawPointer, elements: Range<Int>) throws {
        guard elements.lowerBound >= 0, elements.upperBound <= count else {
            throw error("read elements \(elements.lowerBound)..<\(elements.upperBound): outside 0..<\(count)")
        }
        var position = elements.lowerBound
        var out = buffer
        while position < elements.upperBound {
            let chunk = position / chunkElements
            let end = min(elements.upperBound, (chunk + 1) * chunkElements)
            let address = try self.address(ofChunk: chunk)
            let bytes = (end - position) * elementSize
            if address == Self.undefined {
                // Never written: the fill value, zero for the numeric datasets read here.
                out.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            } else {
                try readBytes(into: out, count: bytes, at: address &+ UInt64((position - chunk * chunkElements) * elementSize))
            }
            out += bytes
            position = end
        }
    }

    /// Asks the kernel to start reading `elements` from disk (`POSIX_FADV_WILLNEED`) and returns
    /// at once: announcing a batch's scattered ranges before reading them puts many disk reads in
    /// flight together instead of waiting for each in turn when the file is not in the page cache.
    public func prefetch(elements: Range<Int>) throws {
        let elements = elements.clamped(to: 0..<count)
        var position = elements.lowerBound
        while position < elements.upperBound {
            let chunk = position / chunkElements
            let end = min(elements.upperBound, (chunk + 1) * chunkElements)
            let address = try self.address(ofChunk: chunk)
            if address != Self.undefined {
                let start = address &+ UInt64((position - chunk * chunkElements) * elementSize)
                if let start = off_t(exactly: start) { _ = posix_fadvise(descriptor, start, off_t((end - position) * elementSize), POSIX_FADV_WILLNEED) }
            }
            position = end
        }
    }

    private func address(ofChunk chunk: Int) throws -> UInt64 {
        if addresses[chunk] != Self.unknown { return addresses[chunk] }
        guard let dataset else { throw error("look up chunk \(chunk): reader detached from the library") }
        let found: UInt64 = try HDF5.sync {
            var offset = [hsize_t(chunk * chunkElements)]
            var mask: UInt32 = 0
            var address: haddr_t = 0
            var size: hsize_t = 0
            try dataset.check(H5Dget_chunk_info_by_coord(dataset.id, &offset, &mask, &address, &size), "look up chunk \(chunk)")
            return address == chdf5_haddr_undef() ? Self.undefined : UInt64(address)
        }
        addresses[chunk] = found
        return found
    }

    /// Reads `count` bytes at file address `offset` (global heap collections, say).
    func readFully(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws {
        try readBytes(into: buffer, count: count, at: offset)
    }

    private func readBytes(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws {
        // An address read from a damaged file (or HDF5's "undefined") may not be a file offset at all.
        guard let start = off_t(exactly: offset), start <= off_t.max - off_t(count) else {
            throw error("read at byte \(offset): not an address in the file (damaged?)")
        }
        var done = 0
        while done < count {
            let n = pread(descriptor, buffer + done, count - done, start + off_t(done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw error(n == 0 ? "read at byte \(offset + UInt64(done)): file ends early (truncated?)"
                                           : "read at byte \(offset + UInt64(done)): \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}
