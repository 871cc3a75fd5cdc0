import Foundation
import HDF5Kit

/// A block of a matrix's gene panel: the cells found in a run of its rows, in row order (names as
/// stored, one after another), and their values, `genes` to a cell.
public struct PanelBlock: Sendable {
    public private(set) var nameBytes: [UInt8] = []
    /// End offset in `nameBytes` of each cell's name.
    public private(set) var nameEnds: [Int] = []
    public internal(set) var values: [Float] = []

    public var count: Int { nameEnds.count }

    public func name(_ cell: Int) -> String {
        withName(cell) { String(decoding: $0, as: UTF8.self) }
    }

    /// The stored bytes of a cell's name.
    public func withName<T>(_ cell: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let start = cell == 0 ? 0 : nameEnds[cell - 1]
        return try nameBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<nameEnds[cell]])) }
    }

    mutating func append(name: UnsafeBufferPointer<UInt8>) {
        nameBytes.append(contentsOf: name)
        nameEnds.append(nameBytes.count)
    }
}

/// What a gene panel found in one matrix, beside the blocks it handed on.
public struct MatrixPanel: Sendable {
    public let matrix: URL
    /// Panel genes (var names), in panel order.
    public let genes: [String]
    /// Distinct cells asked of this matrix, and how many it holds.
    public let requested: Int
    public let found: Int
    /// Panel genes this matrix's var lacks: their values are 0 here.
    public let absentGenes: [String]
    /// Per panel gene: found cells with a value other than 0, the sum and the largest value.
    public let nonzero: [Int]
    public let sum: [Double]
    public let max: [Float]
    /// X's value type.
    public let dtype: H5ElementType
}

/// Reads a gene panel out of a CSR or dense matrix without loading it, as anndata's
/// `adata[cells, genes].X` gives it (a gene the matrix lacks is 0): obs is walked a block of rows
/// at a time, the listed cells of the block are found by name hash, their rows are read in file
/// order and the panel's columns picked from each by binary search in its sorted column indices
/// (uncompressed CSR reads only the indices and the values at the hits: `PanelScan`). Each block
/// goes to `emit` and is let go: memory is a block, whatever the matrix's size or the cells'.
public enum GenePanelReader {
    /// obs rows walked per block: smaller blocks keep less memory (2,048 rows: 1.5 MB less at
    /// 300,000 cells than 8,192) and cost more calls (2,048: 5% slower).
    public static let blockRows = 4_096
    /// Rows read per batch at most when read through the library; a batch also stops at
    /// `batchEntries` stored entries.
    static let batchRows = 8_192
    static let batchEntries = 1 << 18

    public static func read(matrix: URL, cells: NameSet, genes: [String], blockRows: Int = blockRows,
                            emit: (PanelBlock) throws -> Void) throws -> MatrixPanel {
        let file = try AnnDataFile(url: matrix)
        guard let info = file.x else {
            throw AnnDataError.malformed(file: matrix.path, element: "/X", reason: "no X matrix")
        }
        guard info.dtype.isNumeric || info.dtype == .bool else {
            throw AnnDataError.malformed(file: matrix.path, element: "/X", reason: "values of element type \(info.dtype)")
        }
        let columnOf = try file.varColumns(of: genes)
        // Panel columns in increasing order, each with its place in the panel.
        let picks = columnOf.enumerated().filter { $0.element >= 0 }.map { (column: Int32($0.element), slot: $0.offset) }
            .sorted { $0.column < $1.column }
        let rows = try RowSource(file, info: info, picks: picks, width: genes.count)
        var stats = PanelStats(width: genes.count)
        var block = PanelBlock(), found: [Int] = []
        try file.forEachObsName(expected: info.rows, blockRows: blockRows) { row, name in
            guard cells.contains(name) else { return }
            found.append(row)
            block.append(name: name)
        } blockEnd: {
            guard !found.isEmpty else { return }
            block.values = try rows.values(of: found)
            stats.add(block.values)
            try emit(block)
            (block, found) = (PanelBlock(), [])
        }
        return MatrixPanel(matrix: matrix, genes: genes, requested: cells.count, found: stats.cells,
                           absentGenes: zip(genes, columnOf).filter { $0.1 < 0 }.map(\.0),
                           nonzero: stats.nonzero, sum: stats.sum, max: stats.max, dtype: info.dtype)
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

/// Per panel gene over the blocks seen: cells with a value other than 0, the sum, the largest.
struct PanelStats {
    let width: Int
    var cells = 0
    var nonzero: [Int], sum: [Double], max: [Float]

    init(width: Int) {
        self.width = width
        nonzero = [Int](repeating: 0, count: width)
        sum = [Double](repeating: 0, count: width)
        max = [Float](repeating: 0, count: width)
    }

    mutating func add(_ values: [Float]) {
        guard width > 0 else { return }
        cells += values.count / width
        for (k, value) in values.enumerated() where value != 0 {
            let g = k % width
            nonzero[g] += 1
            sum[g] += Double(value)
            max[g] = Swift.max(max[g], value)
        }
    }
}

/// The panel values of chosen rows of one matrix: uncompressed CSR through `PanelScan`, other X
/// (compressed, dense) a batch of whole rows at a time through the library.
struct RowSource {
    let file: AnnDataFile
    let info: MatrixInfo
    let picks: [(column: Int32, slot: Int)]
    let width: Int
    /// CSR's `indptr` (nil for dense X), read a block of rows at a time.
    private let indptr: H5Dataset?
    private let reader: MatrixRowReader?
    private let scan: PanelScan?

    init(_ file: AnnDataFile, info: MatrixInfo, picks: [(column: Int32, slot: Int)], width: Int) throws {
        (self.file, self.info, self.picks, self.width) = (file, info, picks, width)
        indptr = info.encoding == .csr ? try annData { try file.root.group("X").dataset("indptr") } : nil
        if let indptr, indptr.shape != [info.rows + 1] {
            throw AnnDataError.malformed(file: file.url.path, element: "/X/indptr", reason: "\(indptr.count) entries for the \(info.rows) rows of X")
        }
        reader = picks.isEmpty ? nil : try MatrixRowReader(file)
        if let reader, info.encoding == .csr, let indices = reader.directIndices, let data = reader.directData {
            scan = PanelScan(indices: indices, data: data, dtype: info.dtype, picks: picks, width: width)
        } else {
            scan = nil
        }
    }

    /// `rows` (increasing) × `width` values, a row of the panel per row.
    func values(of rows: [Int]) throws -> [Float] {
        var values = [Float](repeating: 0, count: rows.count * width)
        guard let reader else { return values }
        let spans = try indptr == nil ? rows.map { RowSpan(row: $0, start: 0, length: info.columns) } : csrSpans(of: rows)
        if let scan {
            try scan.scan(spans, into: &values)
            return values
        }
        var start = 0
        while start < spans.count {
            var end = start, entries = 0
            while end < spans.count, end - start < GenePanelReader.batchRows, entries < GenePanelReader.batchEntries || end == start {
                entries += spans[end].length
                end += 1
            }
            let batch = try reader.read(spans[start..<end])
            pick(from: batch, into: &values, firstRow: start)
            start = end
        }
        return values
    }

    /// Where each of `rows` (increasing) is stored, from the part of `indptr` they span, checked
    /// to be non-decreasing within 0...nnz.
    private func csrSpans(of rows: [Int]) throws -> [RowSpan] {
        let first = rows[0]
        let starts = try annData { try indptr!.read(Int64.self, rows: first..<(rows[rows.count - 1] + 2)) }
        let nnz = Int64(info.nnz ?? 0)
        if starts[0] < 0 || starts[starts.count - 1] > nnz || zip(starts.dropLast(), starts.dropFirst()).contains(where: { $0 > $1 }) {
            throw AnnDataError.malformed(file: file.url.path, element: "/X/indptr",
                                         reason: "rows \(first)..<\(first + starts.count - 1) not non-decreasing within 0...nnz \(nnz)")
        }
        return rows.map { RowSpan(row: $0, start: Int(starts[$0 - first]), length: Int(starts[$0 - first + 1] - starts[$0 - first])) }
    }

    /// Copies the picked columns of each row of `batch` into its panel row (from `firstRow` on).
    private func pick(from batch: RowBatch, into values: inout [Float], firstRow: Int) {
        let load = GenePanelReader.valueLoader(batch.dtype)
        batch.indices.withUnsafeBufferPointer { indices in
            batch.data.withUnsafeBytes { data in
                values.withUnsafeMutableBufferPointer { out in
                    var start = 0
                    for (row, length) in batch.lengths.enumerated() {
                        var low = start
                        let end = start + length
                        for pick in picks {
                            // Binary search for the column in the row's sorted indices, from the last hit on.
                            var high = end
                            while low < high {
                                let mid = (low + high) >> 1
                                if indices[mid] < pick.column { low = mid + 1 } else { high = mid }
                            }
                            if low < end, indices[low] == pick.column { out[(firstRow + row) * width + pick.slot] = load(data, low) }
                        }
                        start = end
                    }
                }
            }
        }
    }
}
