import CHDF5
import Foundation

extension H5Dataset {
    /// Writes rows from `buffer` (as `memType`) starting at row `offset`; the extent must already cover them.
    func writeRaw(_ buffer: UnsafeRawPointer, memType: hid_t, atRow offset: Int, rows: Int) throws {
        try HDF5.sync {
            if shape.isEmpty {
                try check(H5Dwrite(id, memType, HDF5.allSelection, HDF5.allSelection, HDF5.defaultProperties, buffer), "write")
                return
            }
            guard rows > 0 else { return }
            guard offset >= 0, offset + rows <= shape[0] else { throw error("write rows \(offset)..<\(offset + rows): outside 0..<\(shape[0])") }
            let (fileSpace, memSpace) = try selection(offset: offset, count: rows)
            try check(H5Dwrite(id, memType, memSpace.id, fileSpace.id, HDF5.defaultProperties, buffer),
                      "write rows \(offset)..<\(offset + rows)")
        }
    }

    /// Sets the first dimension to `rows` (the dataset must be chunked with room to grow).
    public func resize(rows: Int) throws {
        try HDF5.sync {
            var dims = shape.map { hsize_t($0) }
            guard !dims.isEmpty else { throw error("resize: scalar dataset") }
            dims[0] = hsize_t(rows)
            try check(H5Dset_extent(id, dims), "extend to \(rows) rows")
            shape = try currentShape()
        }
    }

    /// Number of whole rows in `elements` elements, or an error if they do not fill whole rows.
    private func rows(for elements: Int) throws -> Int {
        let width = max(rowWidth, 1)
        guard elements % width == 0 else { throw error("write: \(elements) values do not fill rows of \(width)") }
        return elements / width
    }

    public func write<T: H5Numeric>(_ values: UnsafeBufferPointer<T>, atRow offset: Int = 0) throws {
        guard let base = values.baseAddress else { return }
        try writeRaw(base, memType: T.h5Type.nativeID, atRow: offset, rows: try rows(for: values.count))
    }

    public func write<T: H5Numeric>(_ values: [T], atRow offset: Int = 0) throws {
        try values.withUnsafeBufferPointer { try write($0, atRow: offset) }
    }

    /// Writes raw numeric values of `type` (the file converts to its own type).
    public func writeBytes(_ bytes: UnsafeRawBufferPointer, as type: H5ElementType, atRow offset: Int) throws {
        guard type.isNumeric, let base = bytes.baseAddress else { return }
        try writeRaw(base, memType: type.nativeID, atRow: offset, rows: try rows(for: bytes.count / type.byteSize))
    }

    public func write(bools: [Bool], atRow offset: Int = 0) throws {
        let raw = bools.map { Int8($0 ? 1 : 0) }
        try HDF5.sync {
            guard let memType = H5ElementType.bool.makeMemoryType() else { return }
            try raw.withUnsafeBytes { try writeRaw($0.baseAddress!, memType: memType.id, atRow: offset, rows: try rows(for: raw.count)) }
        }
    }

    /// Writes strings as variable-length UTF-8.
    public func write(strings: [String], atRow offset: Int = 0) throws {
        guard !strings.isEmpty else { return }
        var pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        try HDF5.sync {
            guard let memType = H5ElementType.string.makeMemoryType() else { return }
            try pointers.withUnsafeMutableBufferPointer {
                try writeRaw($0.baseAddress!, memType: memType.id, atRow: offset, rows: try rows(for: strings.count))
            }
        }
    }

    /// Appends rows at the end, growing the dataset.
    public func append<T: H5Numeric>(_ values: UnsafeBufferPointer<T>) throws {
        let start = shape.first ?? 0
        try resize(rows: start + (try rows(for: values.count)))
        try write(values, atRow: start)
    }

    public func append<T: H5Numeric>(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { try append($0) }
    }

    public func append(strings: [String]) throws {
        let start = shape.first ?? 0
        try resize(rows: start + strings.count)
        try write(strings: strings, atRow: start)
    }
}
