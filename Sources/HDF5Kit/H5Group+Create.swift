import CHDF5

extension H5Group {
    /// How a new dataset is laid out: contiguous, or chunked (needed to grow it or compress it).
    public struct Layout: Sendable {
        /// Rows per chunk; nil means contiguous.
        public var chunkRows: Int?
        /// Whether the first dimension may grow without limit.
        public var extendible: Bool
        /// gzip level 1–9, or nil for none.
        public var gzipLevel: Int?
        /// Contiguous storage allocated when the dataset is created and never filled by the
        /// library, at `H5Dataset.storageAddress`: its values are written into the file directly.
        public var reserved: Bool

        public init(chunkRows: Int? = nil, extendible: Bool = false, gzipLevel: Int? = nil, reserved: Bool = false) {
            self.chunkRows = chunkRows
            self.extendible = extendible
            self.gzipLevel = gzipLevel
            self.reserved = reserved
        }

        public static let contiguous = Layout()
        public static let reserved = Layout(reserved: true)
        /// Chunked, growable, optionally gzip-compressed: what appended datasets use.
        public static func appendable(chunkRows: Int, gzipLevel: Int? = nil) -> Layout {
            Layout(chunkRows: chunkRows, extendible: true, gzipLevel: gzipLevel)
        }
    }

    /// Creates a dataset of `type` with `shape` (empty = 0-d scalar).
    public func createDataset(_ name: String, type: H5ElementType, shape: [Int], layout: Layout = .contiguous) throws -> H5Dataset {
        try HDF5.sync {
            let object = childPath(name)
            guard let memType = type.makeMemoryType() else {
                throw HDF5Error(file: file.path, object: object, operation: "create dataset: cannot write element type \(type)")
            }
            let dims = shape.map { hsize_t($0) }
            var maxDims = dims
            if layout.extendible, !maxDims.isEmpty { maxDims[0] = chdf5_unlimited() }
            let space = H5Handle.space(shape.isEmpty
                ? try HDF5.check(H5Screate(H5S_SCALAR), file: file.path, object: object, "create dataspace")
                : try HDF5.check(H5Screate_simple(Int32(dims.count), dims, maxDims), file: file.path, object: object, "create dataspace"))
            let plist = try HDF5.untimedCreationProperties(chdf5_p_dataset_create(), file: file.path, object: object)
            if let chunkRows = layout.chunkRows ?? (layout.extendible || layout.gzipLevel != nil ? 16_384 : nil), !shape.isEmpty {
                var chunk = dims.map { max($0, 1) }
                chunk[0] = hsize_t(max(chunkRows, 1))
                try HDF5.check(H5Pset_chunk(plist.id, Int32(chunk.count), chunk), file: file.path, object: object, "set chunk size")
                if let level = layout.gzipLevel {
                    try HDF5.check(H5Pset_deflate(plist.id, UInt32(level)), file: file.path, object: object, "set gzip")
                }
            } else if layout.reserved {
                try HDF5.check(H5Pset_alloc_time(plist.id, H5D_ALLOC_TIME_EARLY), file: file.path, object: object, "set allocation time")
                try HDF5.check(H5Pset_fill_time(plist.id, H5D_FILL_TIME_NEVER), file: file.path, object: object, "set fill time")
            }
            let did = try HDF5.check(H5Dcreate2(id, name, memType.id, space.id, HDF5.defaultProperties, plist.id, HDF5.defaultProperties),
                                     file: file.path, object: object, "create dataset")
            return try H5Dataset(file: file, path: object, id: did)
        }
    }

    /// Creates a dataset holding `values` (1-D unless `shape` says otherwise).
    @discardableResult
    public func createDataset<T: H5Numeric>(_ name: String, values: [T], shape: [Int]? = nil, layout: Layout = .contiguous) throws -> H5Dataset {
        let dataset = try createDataset(name, type: T.h5Type, shape: shape ?? [values.count], layout: layout)
        try values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            try dataset.writeRaw(base, memType: T.h5Type.nativeID, atRow: 0, rows: dataset.shape.first ?? 1)
        }
        return dataset
    }

    @discardableResult
    public func createDataset(_ name: String, strings: [String], layout: Layout = .contiguous) throws -> H5Dataset {
        let dataset = try createDataset(name, type: .string, shape: [strings.count], layout: layout)
        try dataset.write(strings: strings)
        return dataset
    }

    @discardableResult
    public func createDataset(_ name: String, bools: [Bool], layout: Layout = .contiguous) throws -> H5Dataset {
        let dataset = try createDataset(name, type: .bool, shape: [bools.count], layout: layout)
        try dataset.write(bools: bools)
        return dataset
    }

    /// A 0-d numeric dataset.
    @discardableResult
    public func createScalar<T: H5Numeric>(_ name: String, value: T) throws -> H5Dataset {
        try createDataset(name, values: [value], shape: [])
    }

    /// A 0-d variable-length UTF-8 string dataset.
    @discardableResult
    public func createScalar(_ name: String, string: String) throws -> H5Dataset {
        let dataset = try createDataset(name, type: .string, shape: [])
        try dataset.write(strings: [string])
        return dataset
    }
}
