import Foundation
import HDF5Kit

/// A gene panel read out of one matrix: the value of each panel gene for every requested cell the
/// matrix holds, as anndata's `adata[cells, genes].X` gives them (a gene the matrix lacks is 0).
public struct MatrixPanel: Sendable {
    public let matrix: URL
    /// Panel genes (var names), in panel order.
    public let genes: [String]
    /// How many cells were asked for.
    public let requested: Int
    /// The cells found, in the order asked.
    public let cells: [String]
    /// `cells.count × genes.count` values, one row per found cell, as Float (X's values converted).
    public let values: [Float]
    /// Panel genes this matrix's var lacks: their values are 0 here.
    public let absentGenes: [String]
    /// Per panel gene, found cells with a value other than 0.
    public let nonzero: [Int]
    /// X's value type.
    public let dtype: H5ElementType
}

/// Reads a gene panel out of a CSR or dense matrix without loading it: the wanted rows are read in
/// file order and the panel's columns are picked from each row by binary search in its sorted
/// column indices; uncompressed CSR reads only the indices and the values at the hits
/// (`PanelScan`). Memory: the panel (found cells × genes) plus a window of rows.
public enum GenePanelReader {
    /// Rows read per batch at most; a batch also stops at `batchEntries` stored entries.
    static let batchRows = 8_192
    static let batchEntries = 1 << 18

    public static func read(matrix: URL, cells: [String], genes: [String]) throws -> MatrixPanel {
        let file = try AnnDataFile(url: matrix)
        guard let info = file.x else {
            throw AnnDataError.malformed(file: matrix.path, element: "/X", reason: "no X matrix")
        }
        guard info.dtype.isNumeric || info.dtype == .bool else {
            throw AnnDataError.malformed(file: matrix.path, element: "/X", reason: "values of element type \(info.dtype)")
        }
        var rows: [Int] = [], found: [String] = []
        for (cell, row) in zip(cells, try file.obsRows(of: cells)) where row >= 0 {
            rows.append(row)
            found.append(cell)
        }
        let columnOf = try file.varColumns(of: genes)
        let absent = zip(genes, columnOf).filter { $0.1 < 0 }.map(\.0)
        var values = [Float](repeating: 0, count: found.count * genes.count)
        // Panel columns in increasing order, each with its place in the panel.
        let picks = columnOf.enumerated().filter { $0.element >= 0 }.map { (column: Int32($0.element), slot: $0.offset) }
            .sorted { $0.column < $1.column }
        if !rows.isEmpty, !picks.isEmpty {
            let reader = try MatrixRowReader(file)
            if info.encoding == .csr, let indices = reader.directIndices, let data = reader.directData {
                let scan = PanelScan(indices: indices, data: data, dtype: info.dtype, picks: picks, width: genes.count)
                try scan.scan(try MatrixRowReader.spans(of: rows, in: file), into: &values)
            } else {
                try readBatches(rows, with: reader, file: file, picks: picks, into: &values, width: genes.count)
            }
        }
        var nonzero = [Int](repeating: 0, count: genes.count)
        for (k, value) in values.enumerated() where value != 0 { nonzero[k % genes.count] += 1 }
        return MatrixPanel(matrix: matrix, genes: genes, requested: cells.count, cells: found, values: values,
                           absentGenes: absent, nonzero: nonzero, dtype: info.dtype)
    }

    /// Compressed or dense X, through the library: the wanted rows in file order, a batch at a
    /// time, whole (values and indices).
    private static func readBatches(_ rows: [Int], with reader: MatrixRowReader, file: AnnDataFile,
                                    picks: [(column: Int32, slot: Int)], into values: inout [Float], width: Int) throws {
        let spans = reader.info.encoding == .csr
            ? try MatrixRowReader.spans(of: rows, in: file)
            : rows.map { RowSpan(row: $0, start: 0, length: reader.info.columns) }
        let order = rows.indices.sorted { rows[$0] < rows[$1] }
        var start = 0
        while start < order.count {
            var end = start, entries = 0
            while end < order.count, end - start < batchRows, entries < batchEntries || end == start {
                entries += spans[order[end]].length
                end += 1
            }
            let slots = order[start..<end]
            let batch = try reader.read(ArraySlice(slots.map { spans[$0] }))
            pick(picks, from: batch, into: &values, rowsOf: slots, width: width)
            start = end
        }
    }

    /// Copies the picked columns of each row of `batch` (its rows are `rowsOf`, in batch order) into
    /// their panel rows.
    private static func pick(_ picks: [(column: Int32, slot: Int)], from batch: RowBatch, into values: inout [Float],
                             rowsOf slots: ArraySlice<Int>, width: Int) {
        let load = valueLoader(batch.dtype)
        batch.indices.withUnsafeBufferPointer { indices in
            batch.data.withUnsafeBytes { data in
                values.withUnsafeMutableBufferPointer { out in
                    var start = 0
                    for (slot, length) in zip(slots, batch.lengths) {
                        var low = start
                        let end = start + length
                        for pick in picks {
                            // Binary search for the column in the row's sorted indices, from the last hit on.
                            var high = end
                            while low < high {
                                let mid = (low + high) >> 1
                                if indices[mid] < pick.column { low = mid + 1 } else { high = mid }
                            }
                            if low < end, indices[low] == pick.column { out[slot * width + pick.slot] = load(data, low) }
                        }
                        start = end
                    }
                }
            }
        }
    }

    /// Reads the value at an entry of raw `dtype` bytes as a Float.
    static func valueLoader(_ dtype: H5ElementType) -> (UnsafeRawBufferPointer, Int) -> Float {
        func loader<T>(_: T.Type, _ convert: @escaping (T) -> Float) -> (UnsafeRawBufferPointer, Int) -> Float {
            { data, k in convert(data.loadUnaligned(fromByteOffset: k * MemoryLayout<T>.size, as: T.self)) }
        }
        switch dtype {
        case .float32: return loader(Float.self) { $0 }
        case .float64: return loader(Double.self) { Float($0) }
        case .int8: return loader(Int8.self) { Float($0) }
        case .int16: return loader(Int16.self) { Float($0) }
        case .int32: return loader(Int32.self) { Float($0) }
        case .int64: return loader(Int64.self) { Float($0) }
        case .uint8, .bool: return loader(UInt8.self) { Float($0) }
        case .uint16: return loader(UInt16.self) { Float($0) }
        case .uint32: return loader(UInt32.self) { Float($0) }
        case .uint64: return loader(UInt64.self) { Float($0) }
        default: return { _, _ in 0 }
        }
    }
}
