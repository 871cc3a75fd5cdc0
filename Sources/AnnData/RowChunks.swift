import HDF5Kit

/// Consecutive rows of X as read for one streaming pass: each row's stored entries (explicit
/// zeros included, as the file holds them), values widened to Double.
public struct RowChunk: Sendable {
    /// The row of the chunk's first row in X.
    public var firstRow: Int
    /// Row `k`'s entries are `offsets[k]..<offsets[k + 1]` of `columns` and `values`.
    public var offsets: [Int]
    public var columns: [Int32]
    public var values: [Double]

    public var rowCount: Int { offsets.count - 1 }

    public func entries(ofRow k: Int) -> Range<Int> { offsets[k]..<offsets[k + 1] }
}

extension AnnDataFile {
    /// Reads X (CSR or dense) front to back, `rowsPerChunk` rows at a time, and hands each chunk
    /// to `body` in row order: memory stays ∝ the chunk, whatever the matrix's size. With
    /// `valuesOnly`, column indices are not read (`columns` stays empty).
    public func forEachRowChunk(rowsPerChunk: Int = 2_048, valuesOnly: Bool = false, _ body: (RowChunk) throws -> Void) throws {
        let reader = try MatrixRowReader(self)
        let info = reader.info
        let spans = try MatrixRowReader.allSpans(in: self)
        let step = max(1, rowsPerChunk)
        for start in stride(from: 0, to: info.rows, by: step) {
            let rows = start..<min(start + step, info.rows)
            var batch = try reader.read(spans[rows], contents: valuesOnly ? .values : .all)
            if !valuesOnly, let bad = batch.firstColumn(outside: info.columns) {
                throw AnnDataError.malformed(file: url.path, element: "/X/indices", reason: "column index \(bad) outside 0..<\(info.columns)")
            }
            try batch.convert(to: .float64, file: url.path)
            var offsets = [Int](repeating: 0, count: rows.count + 1)
            for (k, length) in batch.lengths.enumerated() { offsets[k + 1] = offsets[k] + length }
            let values = batch.data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            try body(RowChunk(firstRow: start, offsets: offsets, columns: batch.indices, values: values))
        }
    }
}

extension MatrixRowReader {
    /// Every row's span, in row order: from `indptr` (checked) for CSR; for dense X rows are read
    /// whole, so their spans carry only the row.
    static func allSpans(in file: AnnDataFile) throws -> [RowSpan] {
        guard let info = file.x else {
            throw AnnDataError.malformed(file: file.url.path, element: "/X", reason: "no X matrix")
        }
        guard info.encoding == .csr else { return (0..<info.rows).map { RowSpan(row: $0, start: 0, length: 0) } }
        return try spans(of: Array(0..<info.rows), in: file)
    }
}
