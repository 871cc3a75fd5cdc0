import Foundation
import HDF5Kit
import Testing
import TestSupport

@Suite(.needsPython) struct HDF5KitTests {
    let dir: URL
    init() throws { dir = try TestPaths.temporaryDirectory("hdf5kit") }

    @Test func numericRoundTripsKeepTypeAndConvertOnRead() throws {
        let url = dir.appendingPathComponent("n.h5")
        do {
            let root = try H5File.create(url).root()
            try root.createDataset("i8", values: [Int8(-3), 4])
            try root.createDataset("u16", values: [UInt16(7), 65_000])
            try root.createDataset("i32", values: [Int32(-1), 2, 3])
            try root.createDataset("i64", values: [Int64.max, -5])
            try root.createDataset("u64", values: [UInt64(1) << 40])
            try root.createDataset("f32", values: [Float(1.5), -2.25])
            try root.createDataset("f64", values: [0.1, 1e300])
            try root.createDataset("b", bools: [true, false, true])
            try root.createDataset("m", values: (0..<6).map(Int32.init), shape: [2, 3])
        }
        let root = try H5File.open(url).root()
        #expect(try root.dataset("i8").elementType == .int8)
        #expect(try root.dataset("i8").read(Int8.self) == [-3, 4])
        #expect(try root.dataset("u16").read(UInt16.self) == [7, 65_000])
        #expect(try root.dataset("i32").elementType == .int32)
        #expect(try root.dataset("i32").read(Int64.self) == [-1, 2, 3])
        #expect(try root.dataset("i64").read(Int64.self) == [Int64.max, -5])
        #expect(try root.dataset("u64").read(UInt64.self) == [1 << 40])
        #expect(try root.dataset("f32").elementType == .float32)
        #expect(try root.dataset("f32").read(Double.self) == [1.5, -2.25])
        #expect(try root.dataset("f64").read(Double.self) == [0.1, 1e300])
        #expect(try root.dataset("b").elementType == .bool)
        #expect(try root.dataset("b").readBools() == [true, false, true])
        let matrix = try root.dataset("m")
        #expect(matrix.shape == [2, 3])
        #expect(try matrix.read(Int32.self, rows: 1..<2) == [3, 4, 5])
        #expect(try root.memberNames() == ["b", "f32", "f64", "i32", "i64", "i8", "m", "u16", "u64"])
    }

    @Test func hyperslabReadsOneRange() throws {
        let url = dir.appendingPathComponent("h.h5")
        try H5File.create(url).root().createDataset("x", values: (0..<100).map(Double.init))
        let x = try H5File.open(url).root().dataset("x")
        #expect(try x.read(Double.self, rows: 10..<14) == [10, 11, 12, 13])
        var buffer = [Float](repeating: 0, count: 3)
        try buffer.withUnsafeMutableBufferPointer { try x.read(into: $0, rows: 97..<100) }
        #expect(buffer == [97, 98, 99])
        #expect(throws: HDF5Error.self) { try x.read(Double.self, rows: 99..<101) }
    }

    @Test func pointReadsFollowTheGivenOrder() throws {
        let url = dir.appendingPathComponent("p.h5")
        do {
            let root = try H5File.create(url).root()
            try root.createDataset("n", values: (0..<50).map { Int16($0 * 2) })
            try root.createDataset("s", strings: (0..<50).map { "s\($0)" })
            try root.createDataset("b", bools: (0..<50).map { $0 % 3 == 0 })
        }
        let root = try H5File.open(url).root()
        #expect(try root.dataset("n").read(Int64.self, at: [40, 3, 3, 0]) == [80, 6, 6, 0])
        #expect(try root.dataset("s").readStrings(at: [49, 7]) == ["s49", "s7"])
        #expect(try root.dataset("b").readBools(at: [4, 3, 9]) == [false, true, true])
        #expect(try root.dataset("s").readStrings(at: []) == [])
        #expect(throws: HDF5Error.self) { try root.dataset("n").read(Int64.self, at: [50]) }
    }

    @Test func stringsAttributesAndScalars() throws {
        let url = dir.appendingPathComponent("s.h5")
        do {
            let root = try H5File.create(url).root()
            let group = try root.createGroup("g")
            try group.setAttribute("encoding-type", string: "dataframe")
            try group.setAttribute("column-order", strings: ["a", "b€"])
            try group.setAttribute("shape", values: [Int64(3), 4])
            try group.setAttribute("n", scalar: Float(2.5))
            try group.setAttribute("ordered", bool: true)
            try group.createDataset("names", strings: ["x", "", "ünï"])
            try group.createScalar("s", string: "hello")
            try group.createScalar("v", value: Int64(42))
        }
        let group = try H5File.open(url).root().group("g")
        #expect(try group.stringAttribute("encoding-type") == "dataframe")
        #expect(try group.stringArrayAttribute("column-order") == ["a", "b€"])
        #expect(try group.numericAttribute("shape", as: Int64.self) == [3, 4])
        #expect(try group.numericAttribute("n", as: Double.self) == [2.5])
        #expect(try group.boolAttribute("ordered"))
        #expect(try group.attributeNames().sorted() == ["column-order", "encoding-type", "n", "ordered", "shape"])
        #expect(try group.dataset("names").readStrings() == ["x", "", "ünï"])
        #expect(try group.dataset("names").readStrings(rows: 2..<3) == ["ünï"])
        #expect(try group.dataset("s").shape == [])
        #expect(try group.dataset("s").readScalarString() == "hello")
        #expect(try group.dataset("v").read(Int64.self) == [42])
        #expect(throws: HDF5Error.self) { try group.stringAttribute("shape") }
    }

    @Test func fixedLengthStringsAndReferencesWrittenByH5py() throws {
        let url = dir.appendingPathComponent("py.h5")
        try TestPython.run("""
        import h5py, sys, numpy as np
        with h5py.File(sys.argv[1], "w") as f:
            f["fixed"] = np.array([b"ab", b"c", b"def"], dtype="S3")
            cats = f.create_dataset("cats", data=np.array(["lo", "hi"], dtype=object), dtype=h5py.string_dtype())
            codes = f.create_dataset("codes", data=np.array([1, 0, -1], dtype=np.int8))
            codes.attrs["categories"] = cats.ref
        """, arguments: [url.path])
        let root = try H5File.open(url).root()
        #expect(try root.dataset("fixed").readStrings() == ["ab", "c", "def"])
        #expect(try root.dataset("fixed").isVariableLengthString == false)
        let codes = try root.dataset("codes")
        #expect(try codes.attributeType("categories") == .reference)
        let categories = try codes.referencedDataset(attribute: "categories")
        #expect(categories.path == "/cats")
        #expect(try categories.readStrings() == ["lo", "hi"])
    }

    @Test func extendibleGzipDatasetsGrowByAppend() throws {
        let url = dir.appendingPathComponent("a.h5")
        do {
            let root = try H5File.create(url).root()
            let data = try root.createDataset("d", type: .float32, shape: [0], layout: .appendable(chunkRows: 4, gzipLevel: 4))
            try data.append([Float(1), 2, 3])
            try data.append([Float(4), 5, 6, 7, 8])
            let names = try root.createDataset("s", type: .string, shape: [0], layout: .appendable(chunkRows: 2))
            try names.append(strings: ["a", "b", "c"])
            try data.write([Float(-1)], atRow: 0)
        }
        let root = try H5File.open(url).root()
        #expect(try root.dataset("d").read(Float.self) == [-1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try root.dataset("s").readStrings() == ["a", "b", "c"])
        let check = try TestPython.run("""
        import h5py, sys
        d = h5py.File(sys.argv[1])["d"]
        print(d.compression, d.maxshape, d.chunks)
        """, arguments: [url.path])
        #expect(check.trimmingCharacters(in: .whitespacesAndNewlines) == "gzip (None,) (4,)")
    }

    @Test func errorsNameFileAndObject() throws {
        let url = dir.appendingPathComponent("e.h5")
        try H5File.create(url).root().createGroup("g")
        let root = try H5File.open(url).root()
        let missing = #expect(throws: HDF5Error.self) { try root.dataset("g/nope") }
        #expect(missing?.file == url.path)
        #expect(missing?.object == "/g/nope")
        let notDataset = #expect(throws: HDF5Error.self) { try root.dataset("g") }
        #expect(notDataset?.object == "/g")
        #expect(notDataset?.stack.isEmpty == false)
        #expect(throws: HDF5Error.self) { try root.createGroup("new") } // read-only file

        let text = dir.appendingPathComponent("t.h5")
        try Data("not hdf5".utf8).write(to: text)
        let notHDF5 = #expect(throws: HDF5Error.self) { try H5File.open(text) }
        #expect(notHDF5?.description.contains(text.path) == true)
        #expect(notHDF5?.description.contains("not an HDF5 file") == true)
    }
}
