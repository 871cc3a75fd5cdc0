import Foundation
import HDF5Kit

/// What one matrix holds of a cell list, found without reading X: each found cell's row and
/// where its entries are stored, the var content key and the obs columns at those rows. Lookups
/// of different matrices may run at once; `H5ADConcatWriter.append` takes them in output order.
public struct MatrixLookup: Sendable {
    public let matrix: URL
    /// The cells asked for, and those found (in the order asked).
    public let requested: Int
    let found: [String]
    let source: AnnDataFile
    let varKey: [UInt8]?
    let spans: [RowSpan]
    /// X's reader, detached from the library, when the rows can be read without it (the copy
    /// opens the file again otherwise): made here, where look-ups run side by side, so that the
    /// copy needs no library call while obs and var are being written.
    let reader: MatrixRowReader?
    /// X's value type (nil when no cell was found).
    let dtype: H5ElementType?
    /// obs columns at the found rows (unused categories dropped, as anndata's subset does).
    let obs: DataFrame

    /// For a file read by ranges: the bytes of X the found rows need (nil for dense X, or when
    /// the file is local). Fetching them before the copy makes its reads local.
    public let storage: [Range<UInt64>]?

    /// Looks `cells` up in the matrix at `matrix`, or in the remote file `remote` whose whole copy
    /// would be at `matrix`.
    public init(matrix: URL, remote: H5RemoteFile? = nil, cells: [String]) throws {
        self.matrix = matrix
        requested = cells.count
        source = try AnnDataFile(url: matrix, remote: remote)
        let rowOf = try source.obsRows(of: cells)
        var rows: [Int] = []
        var found: [String] = []
        for (cell, row) in zip(cells, rowOf) where row >= 0 {
            rows.append(row)
            found.append(cell)
        }
        self.found = found
        varKey = try source.varContentKey()
        spans = rows.isEmpty ? [] : try MatrixRowReader.spans(of: rows, in: source)
        dtype = rows.isEmpty ? nil : source.x?.dtype
        let reader = try rows.isEmpty ? nil : MatrixRowReader(source)
        storage = remote == nil ? nil : try reader?.storageRanges(of: spans) ?? []
        self.reader = reader?.detached()
        var obs = try source.readObsColumns(rows: rows)
        for name in obs.columnNames {
            if case .categorical(let c)? = obs.columns[name] { obs.columns[name] = .categorical(c.removingUnusedCategories()) }
        }
        self.obs = obs
    }

    /// Where a sparse matrix file keeps X's values and column indices (`X/data`, `X/indices`: the
    /// contiguous bytes or the chunks), found from its bytes without libhdf5 (`H5StorageMap`): nil
    /// for dense X or a layout the walk does not read. The rest of the file is what a look-up reads.
    public static func entryStorage(read: H5StorageMap.ByteSource, prefetch: H5StorageMap.Prefetch) throws -> [Range<UInt64>]? {
        try H5StorageMap.storage(of: ["X/data", "X/indices"], read: read, prefetch: prefetch).map { $0.values.flatMap { $0 } }
    }

    /// The remote file it reads, if any.
    public var remote: H5RemoteFile? { source.remote }

    /// Stored entries of the found rows.
    public var nnz: Int { spans.reduce(0) { $0 + $1.length } }
}
