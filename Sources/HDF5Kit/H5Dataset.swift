import CHDF5

/// An open HDF5 dataset: its element type and shape, read whole or by row ranges.
// @unchecked: `shape` changes only when the one writer extends the dataset, under HDF5.sync.
public final class H5Dataset: H5Object, @unchecked Sendable {
    public let file: H5File
    public let path: String
    let handle: H5Handle
    let fileType: H5Handle
    public var id: hid_t { handle.id }
    public let elementType: H5ElementType
    /// Current extent; 0-d scalars have an empty shape.
    public internal(set) var shape: [Int]

    init(file: H5File, path: String, id: hid_t) throws {
        self.file = file
        self.path = path
        handle = H5Handle(id, close: H5Dclose)
        let type = try HDF5.check(H5Dget_type(id), file: file.path, object: path, "read datatype")
        fileType = H5Handle.type(type)
        elementType = H5ElementType.of(type)
        shape = []
        shape = try currentShape()
    }

    /// Elements in the dataset (1 for a scalar).
    public var count: Int { shape.reduce(1, *) }

    /// Whether the file stores strings as variable-length.
    public var isVariableLengthString: Bool { HDF5.sync { H5Tis_variable_str(fileType.id) > 0 } }

    func currentShape() throws -> [Int] {
        try HDF5.sync {
            let space = H5Handle.space(try check(H5Dget_space(id), "read dataspace"))
            let rank = Int(try check(H5Sget_simple_extent_ndims(space.id), "read rank"))
            var dims = [hsize_t](repeating: 0, count: max(rank, 1))
            if rank > 0 { try check(H5Sget_simple_extent_dims(space.id, &dims, nil), "read dimensions") }
            return rank == 0 ? [] : dims.map { Int($0) }
        }
    }

    /// Whether the dataset passes through filters (gzip and the like) on disk.
    public var isFiltered: Bool {
        HDF5.sync {
            let plist = H5Dget_create_plist(id)
            guard plist >= 0 else { _ = HDF5.takeErrorStack(); return false }
            defer { H5Pclose(plist) }
            return H5Pget_nfilters(plist) > 0
        }
    }

    /// File address of contiguous storage (nil when chunked, compact or not allocated yet).
    public var storageAddress: UInt64? {
        HDF5.sync {
            let address = H5Dget_offset(id)
            _ = HDF5.takeErrorStack()
            return address == chdf5_haddr_undef() ? nil : UInt64(address)
        }
    }

    /// Elements per row (product of all but the first dimension).
    var rowWidth: Int { shape.dropFirst().reduce(1, *) }

    /// Reads rows `rows` (all of a scalar when nil) into `buffer` as `memType`, with one hyperslab.
    func readRaw(into buffer: UnsafeMutableRawPointer, memType: hid_t, rows: Range<Int>?) throws {
        try HDF5.sync {
            guard let rows, !shape.isEmpty else {
                try check(H5Dread(id, memType, HDF5.allSelection, HDF5.allSelection, HDF5.defaultProperties, buffer), "read")
                return
            }
            guard rows.lowerBound >= 0, rows.upperBound <= shape[0] else {
                throw error("read rows \(rows.lowerBound)..<\(rows.upperBound): outside 0..<\(shape[0])")
            }
            if rows.isEmpty { return }
            let (fileSpace, memSpace) = try selection(offset: rows.lowerBound, count: rows.count)
            try check(H5Dread(id, memType, memSpace.id, fileSpace.id, HDF5.defaultProperties, buffer),
                      "read rows \(rows.lowerBound)..<\(rows.upperBound)")
        }
    }

    /// Reads the elements at `points` of a 1-D dataset, in that order: values of a fixed size by
    /// reading the range they span at once (up to `spanReadLimit` bytes) and picking them out,
    /// since a point selection costs the library far more per point; anything else with one
    /// point selection.
    func readRaw(into buffer: UnsafeMutableRawPointer, memType: hid_t, points: [Int]) throws {
        try HDF5.sync {
            guard shape.count == 1 else { throw error("read points: dataset is not 1-D") }
            if let bad = points.first(where: { $0 < 0 || $0 >= shape[0] }) { throw error("read point \(bad): outside 0..<\(shape[0])") }
            guard let low = points.min(), let high = points.max() else { return }
            let size = H5Tget_size(memType)
            if H5Tis_variable_str(memType) <= 0, H5Tget_class(memType) != H5T_VLEN, (high - low + 1) * size <= Self.spanReadLimit {
                var span = [UInt8](repeating: 0, count: (high - low + 1) * size)
                try span.withUnsafeMutableBytes { try readRaw(into: $0.baseAddress!, memType: memType, rows: low..<(high + 1)) }
                span.withUnsafeBytes { span in
                    for (i, point) in points.enumerated() {
                        (buffer + i * size).copyMemory(from: span.baseAddress! + (point - low) * size, byteCount: size)
                    }
                }
                return
            }
            let fileSpace = H5Handle.space(try check(H5Dget_space(id), "read dataspace"))
            let coordinates = points.map { hsize_t($0) }
            try check(H5Sselect_elements(fileSpace.id, H5S_SELECT_SET, points.count, coordinates), "select points")
            let memSpace = H5Handle.space(try check(H5Screate_simple(1, [hsize_t(points.count)], nil), "create memory dataspace"))
            try check(H5Dread(id, memType, memSpace.id, fileSpace.id, HDF5.defaultProperties, buffer), "read \(points.count) points")
        }
    }

    static let spanReadLimit = 64 << 20

    /// A file dataspace selecting `count` rows from `offset`, and a matching memory dataspace.
    func selection(offset: Int, count: Int) throws -> (file: H5Handle, memory: H5Handle) {
        let fileSpace = H5Handle.space(try check(H5Dget_space(id), "read dataspace"))
        var start = [hsize_t](repeating: 0, count: shape.count)
        var counts = shape.map { hsize_t($0) }
        start[0] = hsize_t(offset)
        counts[0] = hsize_t(count)
        try check(H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, start, nil, counts, nil), "select rows")
        let memSpace = H5Handle.space(try check(H5Screate_simple(Int32(counts.count), counts, nil), "create memory dataspace"))
        return (fileSpace, memSpace)
    }

    func rowCount(_ rows: Range<Int>?) -> Int { rows.map { $0.count * rowWidth } ?? count }

    /// Which elements a read takes: all, a range of rows (one hyperslab), or points of a 1-D dataset.
    enum Selection {
        case rows(Range<Int>?)
        case points([Int])
    }

    func elementCount(_ selection: Selection) -> Int {
        switch selection {
        case .rows(let rows): rowCount(rows)
        case .points(let points): points.count
        }
    }

    func readRaw(into buffer: UnsafeMutableRawPointer, memType: hid_t, _ selection: Selection) throws {
        switch selection {
        case .rows(let rows): try readRaw(into: buffer, memType: memType, rows: rows)
        case .points(let points): try readRaw(into: buffer, memType: memType, points: points)
        }
    }
}
