import Foundation
import HDF5Kit
import Testing
import TestSupport

@Suite("H5DirectReader")
struct DirectReaderTests {
    let dir: URL
    init() throws { dir = try TestPaths.temporaryDirectory("direct") }

    @Test("reads the same ranges as the library from contiguous and chunked storage, across chunk ends")
    func matchesLibraryReads() throws {
        let url = dir.appendingPathComponent("d.h5")
        let values = (0..<10_000).map { Float($0) * 0.5 }
        do {
            let root = try H5File.create(url).root()
            try root.createDataset("contiguous", values: values)
            let chunked = try root.createDataset("chunked", type: .float32, shape: [0], layout: .appendable(chunkRows: 700))
            try chunked.append(values)
            try root.createDataset("gzip", values: values, layout: .appendable(chunkRows: 700, gzipLevel: 4))
        }
        let root = try H5File.open(url).root()
        for name in ["contiguous", "chunked"] {
            let dataset = try root.dataset(name)
            let reader = try #require(try H5DirectReader(dataset, as: .float32), "\(name)")
            for range in [0..<1, 0..<700, 699..<701, 650..<2_150, 9_999..<10_000, 0..<10_000, 5..<5] {
                var out = [Float](repeating: -1, count: range.count)
                try out.withUnsafeMutableBytes { if !range.isEmpty { try reader.read(into: $0.baseAddress!, elements: range) } }
                #expect(out == (try dataset.read(Float.self, rows: range)), "\(name) \(range)")
            }
            var one: Float = 0
            #expect(throws: HDF5Error.self) { try reader.read(into: &one, elements: 9_999..<10_001) }
        }
        #expect(try H5DirectReader(try root.dataset("gzip"), as: .float32) == nil, "filtered storage goes through the library")
        #expect(try H5DirectReader(try root.dataset("chunked"), as: .float64) == nil, "a converting read goes through the library")
    }

    @Test("a chunk index several B-tree levels deep gives every chunk's address")
    func manyChunks() throws {
        let url = dir.appendingPathComponent("m.h5")
        let values = (0..<300_000).map { Int32(truncatingIfNeeded: $0 &* 7919) }
        do {
            let dataset = try H5File.create(url).root().createDataset("x", type: .int32, shape: [0], layout: .appendable(chunkRows: 100))
            for start in stride(from: 0, to: values.count, by: 30_000) { try dataset.append(Array(values[start..<(start + 30_000)])) }
        }
        let dataset = try H5File.open(url).root().dataset("x")
        let reader = try #require(try H5DirectReader(dataset, as: .int32))
        var out = [Int32](repeating: 0, count: values.count)
        try out.withUnsafeMutableBytes { try reader.read(into: $0.baseAddress!, elements: 0..<values.count) }
        #expect(out == values)
    }

    @Test("a file cut short is an error naming it, not a short read")
    func truncated() throws {
        let url = dir.appendingPathComponent("t.h5")
        do { try H5File.create(url).root().createDataset("x", values: [Double](repeating: 1, count: 100_000)) }
        let root = try H5File.open(url).root()
        let reader = try #require(try H5DirectReader(try root.dataset("x"), as: .float64))
        try FileHandle(forWritingTo: url).truncate(atOffset: 4_096)
        var out = [Double](repeating: 0, count: 1_000)
        let error = #expect(throws: HDF5Error.self) { try out.withUnsafeMutableBytes { try reader.read(into: $0.baseAddress!, elements: 99_000..<100_000) } }
        #expect(error?.file == url.path)
    }

    @Test("variable-length strings decoded from the global heap equal the library's, across many collections")
    func variableLengthStrings() throws {
        let url = dir.appendingPathComponent("s.h5")
        let strings = (0..<20_000).map { i in
            i % 97 == 0 ? "" : i == 5 ? String(repeating: "long·", count: 3_000) : "gène-\(i)-" + String(repeating: "x", count: i % 13)
        }
        do { try H5File.create(url).root().createDataset("names", strings: strings) }
        let dataset = try H5File.open(url).root().dataset("names")
        #expect(try dataset.readStrings() == strings)
        #expect(try dataset.readStrings(rows: 4..<19_990) == Array(strings[4..<19_990]))
        let points = [19_999, 0, 5, 97, 12_345]
        #expect(try dataset.readStrings(at: points) == points.map { strings[$0] }, "the library's point read agrees")
    }
}
