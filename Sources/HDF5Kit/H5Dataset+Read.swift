import CHDF5

extension H5Dataset {
    /// Reads rows (the whole dataset when nil) converting to `T`; HDF5 converts between numeric types.
    public func read<T: H5Numeric>(_ type: T.Type = T.self, rows: Range<Int>? = nil) throws -> [T] {
        try read(type, .rows(rows))
    }

    /// Reads the elements at `points` of a 1-D dataset, in that order (one point selection).
    public func read<T: H5Numeric>(_ type: T.Type = T.self, at points: [Int]) throws -> [T] {
        try read(type, .points(points))
    }

    private func read<T: H5Numeric>(_: T.Type, _ selection: Selection) throws -> [T] {
        try requireNumeric()
        let n = elementCount(selection)
        return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            if n > 0 { try readRaw(into: buffer.baseAddress!, memType: T.h5Type.nativeID, selection) }
            initialized = n
        }
    }

    /// Reads rows into a caller-owned buffer of at least `rows.count × row width` elements (hot path).
    public func read<T: H5Numeric>(into buffer: UnsafeMutableBufferPointer<T>, rows: Range<Int>) throws {
        try requireNumeric()
        guard buffer.count >= rowCount(rows) else { throw error("read: buffer too small") }
        guard let base = buffer.baseAddress, !rows.isEmpty else { return }
        try readRaw(into: base, memType: T.h5Type.nativeID, rows: rows)
    }

    /// Reads rows as raw bytes in `type` (a numeric type), e.g. to copy values keeping their dtype.
    public func readBytes(into buffer: UnsafeMutableRawBufferPointer, as type: H5ElementType, rows: Range<Int>) throws {
        guard type.isNumeric else { throw error("read as \(type): not numeric") }
        try requireNumeric()
        guard buffer.count >= rowCount(rows) * type.byteSize else { throw error("read: buffer too small") }
        guard let base = buffer.baseAddress, !rows.isEmpty else { return }
        try readRaw(into: base, memType: type.nativeID, rows: rows)
    }

    /// Reads h5py-style bools (an int8 enum) or integers as Bool (nonzero = true).
    public func readBools(rows: Range<Int>? = nil) throws -> [Bool] { try readBools(.rows(rows)) }

    public func readBools(at points: [Int]) throws -> [Bool] { try readBools(.points(points)) }

    private func readBools(_ selection: Selection) throws -> [Bool] {
        let n = elementCount(selection)
        var raw = [Int8](repeating: 0, count: n)
        switch elementType {
        case .bool:
            try HDF5.sync {
                let native = H5Handle.type(try check(H5Tget_native_type(fileType.id, H5T_DIR_ASCEND), "native type"))
                if n > 0 { try readRaw(into: &raw, memType: native.id, selection) }
            }
        case let type where type.isInteger:
            if n > 0 { try readRaw(into: &raw, memType: chdf5_native_int8(), selection) }
        default:
            throw error("read as bool: element type is \(elementType)")
        }
        return raw.map { $0 != 0 }
    }

    /// Reads variable- or fixed-length strings.
    public func readStrings(rows: Range<Int>? = nil) throws -> [String] { try readStrings(.rows(rows)) }

    /// Reads the strings at `points` of a 1-D dataset, in that order (one point selection).
    public func readStrings(at points: [Int]) throws -> [String] { try readStrings(.points(points)) }

    private func readStrings(_ selection: Selection) throws -> [String] {
        guard elementType == .string else { throw error("read as strings: element type is \(elementType)") }
        let n = elementCount(selection)
        if n == 0 { return [] }
        if isVariableLengthString {
            switch selection {
            case .rows(let rows): if let fast = try fastVariableStrings(rows: rows ?? 0..<count) { return fast }
            case .points(let points): if let fast = try fastVariableStrings(at: points) { return fast }
            }
        }
        return try HDF5.sync {
            let memType = H5Handle.type(try check(H5Tcopy(fileType.id), "copy string type"))
            if H5Tis_variable_str(fileType.id) > 0 {
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: n)
                try readRaw(into: &pointers, memType: memType.id, selection)
                let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
                let space = H5Handle.space(H5Screate_simple(1, [hsize_t(n)], nil))
                H5Dvlen_reclaim(memType.id, space.id, HDF5.defaultProperties, &pointers)
                return strings
            }
            let size = H5Tget_size(fileType.id)
            var bytes = [UInt8](repeating: 0, count: n * size)
            try readRaw(into: &bytes, memType: memType.id, selection)
            let spacePadded = H5Tget_strpad(fileType.id) == H5T_STR_SPACEPAD
            return (0..<n).map { decodeFixed(bytes[$0 * size..<($0 + 1) * size], spacePadded: spacePadded) }
        }
    }

    /// Reads a 0-d (or one-element) string dataset.
    public func readScalarString() throws -> String {
        guard let value = try readStrings().first else { throw error("read scalar: dataset is empty") }
        return value
    }

    func requireNumeric() throws {
        guard elementType.isNumeric || elementType == .bool else {
            throw error("read as numbers: element type is \(elementType)")
        }
    }
}

/// A fixed-length HDF5 string: up to the first NUL, trailing spaces removed when space-padded.
func decodeFixed(_ bytes: ArraySlice<UInt8>, spacePadded: Bool) -> String {
    var end = bytes.firstIndex(of: 0) ?? bytes.endIndex
    if spacePadded { while end > bytes.startIndex, bytes[end - 1] == 0x20 { end -= 1 } }
    return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
}
