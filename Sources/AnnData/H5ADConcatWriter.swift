import AtomicFiles
import Checksums
import Foundation
import HDF5Kit

/// Per-matrix outcome of `H5ADConcatWriter.append`.
public struct MatrixReport: Sendable, Equatable {
    public var label: String
    public var path: String
    public var requested: Int
    public var found: Int
    public var missing: Int { requested - found }
    public var nnz: Int
}

/// What `H5ADConcatWriter.finish` wrote.
public struct ConcatSummary: Sendable, Equatable {
    public var path: String
    public var cells: Int
    public var genes: Int
    public var nnz: Int
    public var dtype: H5ElementType
    /// The file's size in bytes and SHA-256.
    public var size: Int
    public var checksum: Checksum
}

/// Streams chosen rows out of several h5ad matrices into one h5ad, equal to
/// `anndata.concat([adata[present cells] for each matrix], axis=0, join='outer', merge='same')`
/// written with `write_h5ad`.
///
/// `append` takes each matrix's look-up (its cells' rows and row lengths, var, obs columns, made
/// without reading X). `finish` then knows the whole layout: it reserves storage for X's values
/// and column indices, a second thread copies the rows into it, `batchRows` at a time (peak
/// memory ∝ `batchRows`), while this one writes obs, var and uns through the library, and once
/// the file is closed a third hashes it (SHA-256) front to back behind the copy. With gzip, X is written
/// through the library and hashed afterwards. The file is built at a temporary path and put in
/// place of `output` in one step.
public final class H5ADConcatWriter {
    public enum Compression: Sendable, Equatable {
        case none
        case gzip(level: Int)
    }

    public let output: URL
    public let temporary: URL
    private let compression: Compression
    private let batchRows: Int
    private var union = VarUnion()
    private var obs = ObsAccumulator()
    private var obsIndexName: String?
    private var parts: [Part] = []
    private var dtype: H5ElementType?
    private var requested = 0
    private var matrices: [String] = []
    private var finished = false
    public private(set) var obsNames: [String] = []

    /// A matrix's rows in the output: where they are stored and how its columns map into var.
    private struct Part {
        var url: URL
        /// The look-up's detached reader, if it has one.
        var reader: MatrixRowReader?
        var spans: [RowSpan]
        var columns: VarUnion.ColumnMap
        var dtype: H5ElementType
    }

    public init(output: URL, compression: Compression = .none, batchRows: Int = 4096) {
        self.output = output
        temporary = Temporaries.path(for: output)
        self.compression = compression
        self.batchRows = max(batchRows, 1)
        Temporaries.removeAbandoned(for: output)
        Temporaries.track(temporary)
    }

    deinit {
        if !finished { discard() }
    }

    /// Drops the temporary file (after an error, or to abandon the output).
    public func discard() {
        try? FileManager.default.removeItem(at: temporary)
        Temporaries.untrack(temporary)
    }

    /// Layout of the index and, with gzip, the values; uncompressed values are `.reserved`.
    private var layout: H5Group.Layout {
        switch compression {
        case .none: .contiguous
        case .gzip(let level): .appendable(chunkRows: 1 << 16, gzipLevel: level)
        }
    }

    /// Looks up, in `cells` order, the rows of `cells` found in the matrix at `matrix` (CSR or
    /// dense X) and appends them; `finish` copies them. A failed append abandons the output: later calls fail.
    public func append(matrix: URL, label: String, cells: [String]) throws -> MatrixReport {
        guard !finished else { throw AnnDataError.io(path: temporary.path, message: "append after finish or after a failed append") }
        do {
            return try append(MatrixLookup(matrix: matrix, cells: cells), label: label)
        } catch {
            finished = true
            throw error
        }
    }

    /// Appends a matrix looked up already (lookups may run at once; appends go in output order).
    public func append(_ lookup: MatrixLookup, label: String) throws -> MatrixReport {
        guard !finished else { throw AnnDataError.io(path: temporary.path, message: "append after finish or after a failed append") }
        do {
            requested += lookup.requested
            matrices.append(label)
            let columns = try union.addSame(key: lookup.varKey) ?? union.add(try lookup.source.readVar(), key: lookup.varKey)
            if let partType = lookup.dtype {
                dtype = dtype.map { $0.promoted(with: partType) } ?? partType
                parts.append(Part(url: lookup.matrix, reader: lookup.reader, spans: lookup.spans, columns: columns, dtype: partType))
                obsNames += lookup.found
            }
            // Parts without cells still add their obs columns (all missing), as pd.concat does.
            obsIndexName = obsIndexName ?? lookup.obs.indexName
            obs.add(lookup.obs, count: lookup.found.count)
            return MatrixReport(label: label, path: lookup.matrix.path, requested: lookup.requested, found: lookup.found.count, nnz: lookup.nnz)
        } catch {
            finished = true
            throw error
        }
    }

    /// Writes obs (the matrices' columns, then `extraObs`), var, uns and X, and puts the file in place.
    public func finish(extraObs: [ObsColumn] = [], uns: [String: UnsValue] = [:]) throws -> ConcatSummary {
        guard !finished else { throw AnnDataError.io(path: temporary.path, message: "finish after finish or after a failed append") }
        finished = true
        var copy: BackgroundRowCopy?
        do {
            guard !obsNames.isEmpty, let dtype else {
                throw AnnDataError.noCellsFound(requested: requested, matrices: matrices)
            }
            try checkExtraObs(extraObs)
            var indptr = [Int64](repeating: 0, count: obsNames.count + 1)
            var row = 0
            for span in parts.lazy.flatMap(\.spans) {
                indptr[row + 1] = indptr[row] + Int64(span.length)
                row += 1
            }
            let nnz = Int(indptr.last!)
            let genes = union.names
            let checksum: Checksum
            switch compression {
            case .none:
                // A second thread copies X's rows into their reserved storage while this one
                // writes obs, var and uns; a third hashes the file behind it once it is closed.
                let storage = try writeSkeleton(indptr: indptr, genes: genes.count, dtype: dtype, extraObs: extraObs, uns: uns) { storage, _, _ in
                    copy = try BackgroundRowCopy(self, storage: storage, dtype: dtype)
                }
                checksum = try copy!.finish(fileSize: try fileSize(), storage: storage, nnz: nnz)
            case .gzip:
                _ = try writeSkeleton(indptr: indptr, genes: genes.count, dtype: dtype, extraObs: extraObs, uns: uns) { _, data, indices in
                    try copyRows(dtype: dtype) { batch, position, _ in
                        try indices.write(batch.indices, atRow: position)
                        try batch.data.withUnsafeBytes { try data.writeBytes($0, as: dtype, atRow: position) }
                    }
                }
                checksum = try Checksum(of: temporary, .sha256)
            }
            let size = try fileSize()
            do { try AtomicFile.replace(output, with: temporary) } catch { throw AnnDataError.io(path: output.path, message: error.message) }
            Temporaries.untrack(temporary)
            return ConcatSummary(path: output.path, cells: obsNames.count, genes: genes.count, nnz: nnz, dtype: dtype, size: size, checksum: checksum)
        } catch {
            copy?.abandon()
            discard()
            throw error
        }
    }

    /// The obs columns the matrices bring (an extra column of the same name replaces one).
    public var obsColumnNames: [String] { obs.columns().map(\.name) }

    /// Extra obs columns must fit the cells and, like the matrices' own, have names HDF5 can
    /// store as one link.
    private func checkExtraObs(_ extraObs: [ObsColumn]) throws {
        for column in extraObs where column.count != obsNames.count {
            throw AnnDataError.malformed(file: output.path, element: "/obs/\(column.name)",
                                         reason: "extra column has \(column.count) values for \(obsNames.count) cells")
        }
        for name in Set(obsColumnNames).union(extraObs.map(\.name)).sorted() {
            if let problem = Self.unstorableName(name) {
                throw AnnDataError.malformed(file: output.path, element: "/obs", reason: "column name '\(name)' \(problem)")
            }
        }
    }

    /// Why HDF5 cannot store `name` as the name of one element, or nil when it can.
    static func unstorableName(_ name: String) -> String? {
        if name.isEmpty { return "is empty: HDF5 cannot store an unnamed column" }
        if name == "." || name == ".." { return "is '\(name)', which HDF5 reads as a path" }
        if name.contains("/") { return "contains '/', which HDF5 reads as a path separator" }
        return nil
    }

    private func fileSize() throws -> Int {
        try FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int ?? 0
    }

    /// Creates the file with everything but X's values and column indices, which are sized to
    /// `indptr`: reserved (and located) when uncompressed. `fill` is called with them as soon as
    /// they exist, before obs, var and uns are written. Returns once the file is closed.
    private func writeSkeleton(indptr: [Int64], genes: Int, dtype: H5ElementType, extraObs: [ObsColumn], uns: [String: UnsValue],
                               fill: (ReservedStorage, H5Dataset, H5Dataset) throws -> Void) throws -> ReservedStorage {
        try annData {
            let root = try H5File.create(temporary).root()
            try Encoding.anndata.write(to: root)
            let x = try root.createGroup("X")
            try Encoding.csr.write(to: x)
            try x.setAttribute("shape", values: [Int64(obsNames.count), Int64(genes)])
            let nnz = Int(indptr.last!)
            let valuesLayout = compression == .none ? .reserved : layout
            let data = try x.createDataset("data", type: dtype, shape: [nnz], layout: valuesLayout)
            let indices = try x.createDataset("indices", type: .int32, shape: [nnz], layout: valuesLayout)
            try x.createDataset("indptr", values: indptr, layout: layout)
            let dataStart = Int(data.storageAddress ?? 0), indicesStart = Int(indices.storageAddress ?? 0)
            let storage = ReservedStorage(data: dataStart..<(dataStart + nnz * dtype.byteSize), indices: indicesStart..<(indicesStart + nnz * 4))
            try fill(storage, data, indices)

            var obsFrame = DataFrame(indexName: obsIndexName ?? "cell_label", index: obsNames)
            for (name, column) in obs.columns() { obsFrame.add(name, column) }
            for column in extraObs { obsFrame.add(column.name, column.column) }
            try ElementWriter.writeDataFrame(obsFrame, named: "obs", in: root)
            try ElementWriter.writeDataFrame(union.frame(), named: "var", in: root)
            try ElementWriter.writeDict(uns, named: "uns", in: root)
            for name in ["layers", "obsm", "obsp", "varm", "varp"] { try ElementWriter.writeEmptyDict(named: name, in: root) }
            return storage
        }
    }

    /// Writes in pieces of at most `writePiece` bytes: a write holds the file's inode lock, and the
    /// library's writes of obs and var to the same file wait (spinning) while it does.
    func writeFully(_ bytes: UnsafeRawBufferPointer, at offset: Int, to descriptor: Int32) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, min(bytes.count - done, Self.writePiece), off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw AnnDataError.io(path: temporary.path, message: "cannot write at byte \(offset + done): \(String(cString: strerror(errno)))") }
            done += n
        }
    }

    private static let writePiece = 1 << 20

    /// Reads every part's rows in output order, `batchRows` at a time, maps their columns into the
    /// final var order and their values into `dtype`, and hands each batch (with `contents`) to
    /// `write` with the position of its first entry and its entry count.
    func copyRows(dtype: H5ElementType, contents: RowBatch.Contents = .all, write: (RowBatch, Int, Int) throws -> Void) throws {
        let permutation = union.finalPermutation()
        var position = 0
        for part in parts {
            var columns = part.columns
            if let permutation {
                columns.map = columns.map.map { permutation[Int($0)] }
                columns.identity = columns.map.enumerated().allSatisfy { Int($1) == $0 }
                columns.increasing = zip(columns.map.dropLast(), columns.map.dropFirst()).allSatisfy { $0 < $1 }
            }
            // Re-sorting a row by its new column order moves its values too.
            let read: RowBatch.Contents = columns.increasing ? contents : .all
            let reader = try part.reader ?? MatrixRowReader(try AnnDataFile(url: part.url))
            for start in stride(from: 0, to: part.spans.count, by: batchRows) {
                let spans = part.spans[start..<min(start + batchRows, part.spans.count)]
                let count = spans.reduce(0) { $0 + $1.length }
                var batch = try reader.read(spans, contents: read)
                if read.contains(.indices) {
                    let bad = columns.identity ? batch.firstColumn(outside: columns.map.count)
                        : batch.remapColumns(columns.map, increasing: columns.increasing)
                    if let bad {
                        throw AnnDataError.malformed(file: part.url.path, element: "/X/indices", reason: "column index \(bad) outside 0..<\(columns.map.count)")
                    }
                }
                if read.contains(.values) { try batch.convert(to: dtype, file: part.url.path) }
                if !contents.contains(.values) { batch.data = [] }
                if !contents.contains(.indices) { batch.indices = [] }
                try write(batch, position, count)
                position += count
            }
        }
    }
}



extension DataFrame {
    /// Adds or replaces a column (a replaced one keeps its place).
    mutating func add(_ name: String, _ column: DataFrameColumn) {
        if columns[name] == nil { columnNames.append(name) }
        columns[name] = column
    }
}
