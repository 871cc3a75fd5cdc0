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
}

/// Streams chosen rows out of several h5ad matrices into one h5ad, equal to
/// `anndata.concat([adata[present cells] for each matrix], axis=0, join='outer', merge='same')`
/// written with `write_h5ad`. X is copied in batches of rows (peak memory ∝ `batchRows`);
/// obs, var and uns are written at `finish`. The file is built at a temporary path and renamed.
public final class H5ADConcatWriter {
    public enum Compression: Sendable, Equatable {
        case none
        case gzip(level: Int)
    }

    public let output: URL
    public let temporary: URL
    private let compression: Compression
    private let batchRows: Int
    private var file: OutputFile?
    private var union = VarUnion()
    private var obs = ObsAccumulator()
    private var obsIndexName: String?
    private var indptr: [Int64] = [0]
    private var dtype: H5ElementType?
    private var requested = 0
    private var matrices: [String] = []
    private var finished = false
    public private(set) var obsNames: [String] = []

    /// The datasets being written; released (closing the file) before the rename.
    private final class OutputFile {
        let root: H5Group
        let x: H5Group
        var data: H5Dataset?
        var indices: H5Dataset?
        init(root: H5Group, x: H5Group) {
            self.root = root
            self.x = x
        }
    }

    public init(output: URL, compression: Compression = .none, batchRows: Int = 4096) throws {
        self.output = output
        temporary = URL(fileURLWithPath: output.path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)")
        self.compression = compression
        self.batchRows = max(batchRows, 1)
        try annData {
            let root = try H5File.create(temporary).root()
            try Encoding.anndata.write(to: root)
            let x = try root.createGroup("X")
            try Encoding.csr.write(to: x)
            file = OutputFile(root: root, x: x)
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// Drops the temporary file (after an error, or to abandon the output).
    public func discard() {
        file = nil
        try? FileManager.default.removeItem(at: temporary)
    }

    private var layout: H5Group.Layout {
        switch compression {
        case .none: .appendable(chunkRows: 1 << 16)
        case .gzip(let level): .appendable(chunkRows: 1 << 16, gzipLevel: level)
        }
    }

    /// Appends, in `cells` order, the rows of `cells` found in the matrix at `matrix` (CSR or dense X).
    /// A failed append may have written part of a matrix, so it discards the output: later calls fail.
    public func append(matrix: URL, label: String, cells: [String]) throws -> MatrixReport {
        guard let file, !finished else { throw AnnDataError.io(path: temporary.path, reason: "append after finish or after a failed append") }
        do {
            return try append(matrix: matrix, label: label, cells: cells, into: file)
        } catch {
            discard()
            finished = true
            throw error
        }
    }

    private func append(matrix: URL, label: String, cells: [String], into file: OutputFile) throws -> MatrixReport {
        let source = try AnnDataFile(url: matrix)
        let rowOf = try source.obsRows(of: cells)
        var rows: [Int] = []
        var found: [String] = []
        for (cell, row) in zip(cells, rowOf) where row >= 0 {
            rows.append(row)
            found.append(cell)
        }
        requested += cells.count
        matrices.append(label)
        let key = try source.varContentKey()
        let columns = try union.addSame(key: key) ?? union.add(try source.readVar(), key: key)
        var nnz = 0
        if !rows.isEmpty {
            let reader = try MatrixRowReader(source)
            let (data, indices) = try outputDatasets(file, dtype: reader.info.dtype)
            for start in stride(from: 0, to: rows.count, by: batchRows) {
                var batch = try reader.read(rows: Array(rows[start..<min(start + batchRows, rows.count)]))
                let bad = columns.identity ? batch.firstColumn(outside: columns.map.count)
                    : batch.remapColumns(columns.map, increasing: columns.increasing)
                if let bad {
                    throw AnnDataError.malformed(file: matrix.path, element: "/X/indices", reason: "column index \(bad) outside 0..<\(columns.map.count)")
                }
                try annData {
                    try batch.data.withUnsafeBytes { try data.appendBytes($0, as: batch.dtype) }
                    try indices.append(batch.indices)
                }
                for length in batch.lengths { indptr.append(indptr.last! + Int64(length)) }
                nnz += batch.nnz
            }
            obsNames += found
        }
        // Parts without cells still add their obs columns (all missing), as pd.concat does.
        var frame = try source.readObsColumns(rows: rows)
        obsIndexName = obsIndexName ?? frame.indexName
        for name in frame.columnNames {
            // anndata drops categories a subset no longer uses.
            if case .categorical(let c)? = frame.columns[name] { frame.columns[name] = .categorical(c.removingUnusedCategories()) }
        }
        obs.add(frame, count: rows.count)
        return MatrixReport(label: label, path: matrix.path, requested: cells.count, found: rows.count, nnz: nnz)
    }

    /// The output data/indices datasets; data in the dtype numpy would give all matrices so far.
    private func outputDatasets(_ file: OutputFile, dtype incoming: H5ElementType) throws -> (H5Dataset, H5Dataset) {
        if let data = file.data, let indices = file.indices, let dtype {
            let promoted = dtype.promoted(with: incoming)
            guard promoted != dtype else { return (data, indices) }
            let converted = try annData { try convert(data, in: file.x, to: promoted) }
            file.data = converted
            self.dtype = promoted
            return (converted, indices)
        }
        let dtype = incoming
        return try annData {
            self.dtype = dtype
            let data = try file.x.createDataset("data", type: dtype, shape: [0], layout: layout)
            let indices = try file.x.createDataset("indices", type: .int32, shape: [0], layout: layout)
            file.data = data
            file.indices = indices
            return (data, indices)
        }
    }

    /// Writes obs (the matrices' columns, then `extraObs`), var, uns and renames the file into place.
    public func finish(extraObs: [ObsColumn] = [], uns: [String: UnsValue] = [:]) throws -> ConcatSummary {
        guard let file, !finished else { throw AnnDataError.io(path: temporary.path, reason: "finish after finish or after a failed append") }
        do {
            guard !obsNames.isEmpty, let dtype, let data = file.data, let indices = file.indices else {
                throw AnnDataError.noCellsFound(requested: requested, matrices: matrices)
            }
            for column in extraObs where column.count != obsNames.count {
                throw AnnDataError.malformed(file: output.path, element: "/obs/\(column.name)",
                                             reason: "extra column has \(column.count) values for \(obsNames.count) cells")
            }
            let genes = union.names
            try annData {
                if let permutation = union.finalPermutation() {
                    try remapWrittenColumns(data: data, indices: indices, permutation: permutation)
                }
                try file.x.createDataset("indptr", values: indptr, layout: layout)
                try file.x.setAttribute("shape", values: [Int64(obsNames.count), Int64(genes.count)])

                var obsFrame = DataFrame(indexName: obsIndexName ?? "cell_label", index: obsNames)
                for (name, column) in obs.columns() { obsFrame.add(name, column) }
                for column in extraObs { obsFrame.add(column.name, column.column) }
                try ElementWriter.writeDataFrame(obsFrame, named: "obs", in: file.root)
                try ElementWriter.writeDataFrame(union.frame(), named: "var", in: file.root)
                try ElementWriter.writeDict(uns, named: "uns", in: file.root)
                for name in ["layers", "obsm", "obsp", "varm", "varp"] { try ElementWriter.writeEmptyDict(named: name, in: file.root) }
                try file.root.file.flush()
            }
            self.file = nil // closes the file
            guard rename(temporary.path, output.path) == 0 else {
                throw AnnDataError.io(path: output.path, reason: "cannot rename \(temporary.lastPathComponent) into place: \(String(cString: strerror(errno)))")
            }
            finished = true
            return ConcatSummary(path: output.path, cells: obsNames.count, genes: genes.count, nnz: Int(indptr.last!), dtype: dtype)
        } catch {
            discard()
            finished = true
            throw error
        }
    }

    /// Copies the values written so far into a new dataset of `type`, in batches, and puts it in
    /// place of the old one (a later matrix has a wider dtype, e.g. float64 after float32).
    private func convert(_ data: H5Dataset, in x: H5Group, to type: H5ElementType) throws -> H5Dataset {
        let converted = try x.createDataset("data-promoted", type: type, shape: [0], layout: layout)
        let step = 1 << 20
        var buffer = [UInt8](repeating: 0, count: step * type.byteSize)
        for start in stride(from: 0, to: data.count, by: step) {
            let rows = start..<min(start + step, data.count)
            try buffer.withUnsafeMutableBytes { try data.readBytes(into: $0, as: type, rows: rows) }
            try buffer.withUnsafeBytes { try converted.appendBytes(UnsafeRawBufferPointer(rebasing: $0[0..<(rows.count * type.byteSize)]), as: type) }
        }
        try x.removeMember("data")
        try x.moveMember("data-promoted", to: "data")
        return try x.dataset("data")
    }

    /// Rewrites the column indices written against the provisional gene order into the final
    /// order, `batchRows` rows at a time, re-sorting each row.
    private func remapWrittenColumns(data: H5Dataset, indices: H5Dataset, permutation: [Int32]) throws {
        guard let dtype else { return }
        for start in stride(from: 0, to: obsNames.count, by: batchRows) {
            let end = min(start + batchRows, obsNames.count)
            let first = Int(indptr[start]), last = Int(indptr[end])
            guard last > first else { continue }
            var batch = RowBatch(dtype: dtype)
            batch.lengths = (start..<end).map { Int(indptr[$0 + 1] - indptr[$0]) }
            batch.indices = try indices.read(Int32.self, rows: first..<last)
            batch.data = [UInt8](repeating: 0, count: (last - first) * dtype.byteSize)
            try batch.data.withUnsafeMutableBytes { try data.readBytes(into: $0, as: dtype, rows: first..<last) }
            _ = batch.remapColumns(permutation, increasing: false) // indices written here are in range
            try indices.write(batch.indices, atRow: first)
            try batch.data.withUnsafeBytes { try data.writeBytes($0, as: dtype, atRow: first) }
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
