@testable import HDF5Kit
import Testing

/// The HDF5 structures atlasweave decodes itself (chunk B-tree, global heap collections), fed
/// the damaged values the `hdf5` fuzz target produces: sizes, offsets and lengths beyond
/// `Int.max` used to trap converting to Int; each now gives nil (the library path is used).
@Suite("Damaged HDF5 structures")
struct DamagedStructureTests {
    struct Outside: Error {}

    /// A file image as a byte source that refuses reads past its end.
    static func source(_ image: [UInt8]) -> H5ChunkIndex.ByteSource {
        { address, count in
            guard address <= UInt64(image.count), UInt64(count) <= UInt64(image.count) - address else { throw Outside() }
            return Array(image[Int(address)..<(Int(address) + count)])
        }
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    /// A version-1 object header at 0 whose one message is a chunked layout (v3, 1-D) naming a
    /// B-tree at 64, and there a leaf with one chunk at element `offset` stored at 4096.
    static func chunkedImage(offset: UInt64) -> [UInt8] {
        let layout = [3, 2, 2] + le(UInt64(64)) + [UInt8](repeating: 0, count: 5)
        let message = le(UInt16(8)) + le(UInt16(layout.count)) + [0, 0, 0, 0] + layout
        var image = [1, 0] + le(UInt16(1)) + le(UInt32(1)) + le(UInt32(message.count)) + [0, 0, 0, 0] + message
        image += [UInt8](repeating: 0, count: 64 - image.count)
        let key = le(UInt32(16)) + le(UInt32(0)) + le(offset) + le(UInt64(0))
        image += Array("TREE".utf8) + [1, 0] + le(UInt16(1)) + [UInt8](repeating: 0xFF, count: 16)
        image += key + le(UInt64(4096)) + [UInt8](repeating: 0, count: 24)
        return image
    }

    @Test("a B-tree leaf is read, and a chunk offset beyond Int.max gives nil")
    func chunkOffsets() throws {
        let good = try H5ChunkIndex.addresses(objectHeader: 0, chunkElements: 4, read: Self.source(Self.chunkedImage(offset: 8)))
        #expect(good == [2: 4096])
        let bad = try H5ChunkIndex.addresses(objectHeader: 0, chunkElements: 4, read: Self.source(Self.chunkedImage(offset: 1 << 63)))
        #expect(bad == nil)
    }

    @Test("an object header continuation longer than Int.max gives nil")
    func continuationLength() throws {
        let continuation = Self.le(UInt64(0)) + Self.le(UInt64.max)
        let message = Self.le(UInt16(0x10)) + Self.le(UInt16(16)) + [0, 0, 0, 0] + continuation
        let image = [1, 0] + Self.le(UInt16(1)) + Self.le(UInt32(1)) + Self.le(UInt32(message.count)) + [0, 0, 0, 0] + message
        #expect(try H5ChunkIndex.addresses(objectHeader: 0, chunkElements: 4, read: Self.source(image)) == nil)
    }

    /// A global heap collection of `size` bytes (as declared) holding one object of `objectSize`.
    static func collection(size: UInt64, objectSize: UInt64) -> [UInt8] {
        var image = Array("GCOL".utf8) + [1, 0, 0, 0] + le(size)
        image += le(UInt16(1)) + le(UInt16(0)) + [0, 0, 0, 0] + le(objectSize) + Array("abcdefgh".utf8)
        return image + [UInt8](repeating: 0, count: 64 - image.count)
    }

    @Test("a heap collection's object is found; a collection or object size beyond Int.max gives nil")
    func heapSizes() throws {
        let good = try #require(try GlobalHeapCollection(address: 0, read: Self.source(Self.collection(size: 64, objectSize: 8))))
        #expect(good.bytes(index: 1, length: 3).map { Array($0) } == Array("abc".utf8))
        #expect(good.bytes(index: -1, length: 1) == nil)
        #expect(try GlobalHeapCollection(address: 0, read: Self.source(Self.collection(size: UInt64.max, objectSize: 8))) == nil)
        #expect(try GlobalHeapCollection(address: 0, read: Self.source(Self.collection(size: 64, objectSize: UInt64.max - 8))) == nil)
    }
}
