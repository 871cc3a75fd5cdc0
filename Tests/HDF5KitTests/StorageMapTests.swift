import Foundation
import HDF5Kit
import Testing
import TestSupport

/// `H5StorageMap` walks a file written by libhdf5 from its bytes alone; what it finds is checked
/// against the values the datasets hold.
@Suite("H5StorageMap")
struct StorageMapTests {
    let dir: URL
    init() throws { dir = try TestPaths.temporaryDirectory("storage-map") }

    static func source(_ url: URL) throws -> H5StorageMap.ByteSource {
        let image = [UInt8](try Data(contentsOf: url))
        return { address, count in
            guard address <= UInt64(image.count), UInt64(count) <= UInt64(image.count) - address else { throw CocoaError(.fileReadCorruptFile) }
            return Array(image[Int(address)..<(Int(address) + count)])
        }
    }

    static func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    @Test("finds a contiguous and a chunked dataset's bytes in nested groups, a chunk index a level at a time")
    func contiguousAndChunked() throws {
        let url = dir.appendingPathComponent("x.h5")
        let values = (0..<10_000).map { Float($0) * 0.25 }
        let indices = (0..<300_000).map { Int32(truncatingIfNeeded: $0 &* 7919) }
        do {
            let root = try H5File.create(url).root()
            try root.createGroup("obs").createDataset("cell_label", strings: (0..<500).map { "cell-\($0)" })
            let x = try root.createGroup("X")
            try x.createDataset("data", values: values)
            let chunked = try x.createDataset("indices", type: .int32, shape: [0], layout: .appendable(chunkRows: 100))
            for start in stride(from: 0, to: indices.count, by: 30_000) { try chunked.append(Array(indices[start..<(start + 30_000)])) }
            try x.createDataset("indptr", values: [Int64](0..<10))
        }
        let read = try Self.source(url)
        var levels: [[Range<UInt64>]] = []
        let found = try #require(try H5StorageMap.storage(of: ["X/data", "X/indices"], read: read) { levels.append($0) })
        let data = try #require(found["X/data"])
        #expect(data.count == 1)
        let stored = try read(data[0].lowerBound, data[0].count)
        #expect(stored == Self.bytes(values))
        let chunks = try #require(found["X/indices"])
        #expect(chunks.count == 3_000)
        let chunked = try chunks.flatMap { try read($0.lowerBound, $0.count) }
        #expect(chunked == Self.bytes(indices), "the chunks, in order, hold the values")
        #expect(levels.count >= 2 && levels.last!.count > 1, "each B-tree level is announced before it is read: \(levels.map(\.count))")
    }

    @Test("a path that is not there, or bytes that are not HDF5, give nil")
    func notFound() throws {
        let url = dir.appendingPathComponent("y.h5")
        do { try H5File.create(url).root().createGroup("X").createDataset("data", values: [Float](repeating: 1, count: 10)) }
        #expect(try H5StorageMap.storage(of: ["X/indices"], read: try Self.source(url)) { _ in } == nil)
        #expect(try H5StorageMap.storage(of: ["X"], read: try Self.source(url)) { _ in } == nil, "a group has no storage")
        let text = dir.appendingPathComponent("z.h5")
        try Data(repeating: 0x41, count: 4_096).write(to: text)
        #expect(try H5StorageMap.storage(of: ["X/data"], read: try Self.source(text)) { _ in } == nil)
    }
}
