import Foundation
import HDF5Kit

/// Reads chosen rows of X (CSR or dense) without loading the matrix: rows are read in file order,
/// neighbouring rows coalesced into one hyperslab per run, and handed back in the order asked.
final class MatrixRowReader {
    let info: MatrixInfo
    private let file: AnnDataFile
    private var indptr: [Int64] = []
    private var data: H5Dataset?
    private var indices: H5Dataset?
    private var dense: H5Dataset?
    /// pread-based readers of uncompressed data/indices (nil: read through the library).
    private var directData: H5DirectReader?
    private var directIndices: H5DirectReader?
    /// Runs separated by at most this many unneeded entries are read as one.
    private let mergeGap = 8_192
    /// Upper bound on the entries of one coalesced read.
    private let maxRun = 1 << 22

    init(_ file: AnnDataFile) throws {
        self.file = file
        guard let info = file.x else {
            throw AnnDataError.malformed(file: file.url.path, element: "/X", reason: "no X matrix")
        }
        self.info = info
        try annData {
            switch info.encoding {
            case .csr:
                let x = try file.root.group("X")
                indptr = try x.dataset("indptr").read(Int64.self)
                data = try Self.openForRows(x, "data")
                indices = try Self.openForRows(x, "indices")
                directData = try H5DirectReader(data!, as: info.dtype)
                directIndices = try H5DirectReader(indices!, as: .int32)
                let nnz = Int64(info.nnz ?? 0)
                if indptr.first != 0 || indptr.last! > nnz || zip(indptr.dropLast(), indptr.dropFirst()).contains(where: { $0 > $1 }) {
                    throw AnnDataError.malformed(file: file.url.path, element: "/X/indptr", reason: "not non-decreasing from 0 to at most nnz \(nnz)")
                }
            case .dense:
                dense = try file.root.dataset("X")
            case .csc:
                throw AnnDataError.unsupportedEncoding(file: file.url.path, element: "/X", encodingType: "csc_matrix",
                                                       encodingVersion: "0.1.0 (rows cannot be streamed from a column-major matrix)")
            }
        }
    }

    /// Scattered row reads: straight from the file when uncompressed; through a chunk cache that
    /// holds several chunks when compressed, so each chunk is inflated about once per sorted pass.
    private static func openForRows(_ x: H5Group, _ name: String) throws -> H5Dataset {
        // The probe must be closed first: a second open of a dataset shares the first one's cache.
        let filtered = try x.dataset(name).isFiltered
        return try x.dataset(name, chunkCacheBytes: filtered ? 16 << 20 : 0)
    }

    /// Stored entries of `row` (for dense X: its width, an upper bound).
    func length(ofRow row: Int) -> Int {
        dense == nil ? Int(indptr[row + 1] - indptr[row]) : info.columns
    }

    /// Reads `rows` (in output order) into a batch.
    func read(rows: [Int]) throws -> RowBatch {
        try annData { dense == nil ? try readSparse(rows) : try readDense(rows) }
    }

    private func readSparse(_ rows: [Int]) throws -> RowBatch {
        guard let data, let indices else { return RowBatch(dtype: info.dtype) }
        let size = info.dtype.byteSize
        var batch = RowBatch(dtype: info.dtype)
        batch.lengths = rows.map { length(ofRow: $0) }
        var offsets = [Int](repeating: 0, count: rows.count)
        var total = 0
        for (k, length) in batch.lengths.enumerated() {
            offsets[k] = total
            total += length
        }
        batch.data = [UInt8](repeating: 0, count: total * size)
        batch.indices = [Int32](repeating: 0, count: total)
        let order = rows.indices.sorted { rows[$0] < rows[$1] }
        // Runs of rows in file order, grown while the gap and size stay small.
        var runs: [(first: Int, last: Int, elements: Range<Int>)] = []
        var k = 0
        while k < order.count {
            let runStart = Int(indptr[rows[order[k]]])
            var runEnd = Int(indptr[rows[order[k]] + 1])
            var last = k
            while last + 1 < order.count {
                let next = rows[order[last + 1]]
                let nextStart = Int(indptr[next]), nextEnd = Int(indptr[next + 1])
                guard nextStart - runEnd <= mergeGap, nextEnd - runStart <= maxRun else { break }
                runEnd = max(runEnd, nextEnd)
                last += 1
            }
            runs.append((k, last, runStart..<runEnd))
            k = last + 1
        }
        for run in runs where !run.elements.isEmpty {
            try directIndices?.prefetch(elements: run.elements)
            try directData?.prefetch(elements: run.elements)
        }
        var runData: [UInt8] = []
        var runIndices: [Int32] = []
        for (k, last, elements) in runs {
            let runStart = elements.lowerBound, runEnd = elements.upperBound
            let count = runEnd - runStart
            if count > 0 {
                if runIndices.count < count {
                    runIndices = [Int32](repeating: 0, count: count)
                    runData = [UInt8](repeating: 0, count: count * size)
                }
                let run = runStart..<runEnd
                try runIndices.withUnsafeMutableBufferPointer { buffer in
                    if let directIndices { try directIndices.read(into: buffer.baseAddress!, elements: run) } else { try indices.read(into: buffer, rows: run) }
                }
                try runData.withUnsafeMutableBytes { buffer in
                    if let directData { try directData.read(into: buffer.baseAddress!, elements: run) } else { try data.readBytes(into: buffer, as: info.dtype, rows: run) }
                }
                runIndices.withUnsafeBufferPointer { src in
                    batch.indices.withUnsafeMutableBufferPointer { dst in
                        for position in k...last {
                            let slot = order[position]
                            let from = Int(indptr[rows[slot]]) - runStart
                            let n = batch.lengths[slot]
                            if n > 0 { dst.baseAddress!.advanced(by: offsets[slot]).update(from: src.baseAddress!.advanced(by: from), count: n) }
                        }
                    }
                }
                runData.withUnsafeBytes { src in
                    batch.data.withUnsafeMutableBytes { dst in
                        for position in k...last {
                            let slot = order[position]
                            let from = (Int(indptr[rows[slot]]) - runStart) * size
                            let n = batch.lengths[slot] * size
                            if n > 0 { dst.baseAddress!.advanced(by: offsets[slot] * size).copyMemory(from: src.baseAddress!.advanced(by: from), byteCount: n) }
                        }
                    }
                }
            }
        }
        return batch
    }

    /// Dense rows become sparse ones: zero-valued entries (all-zero bytes) are dropped.
    private func readDense(_ rows: [Int]) throws -> RowBatch {
        guard let dense else { return RowBatch(dtype: info.dtype) }
        let size = info.dtype.byteSize, width = info.columns
        var batch = RowBatch(dtype: info.dtype)
        var row = [UInt8](repeating: 0, count: width * size)
        for r in rows {
            try row.withUnsafeMutableBytes { try dense.readBytes(into: $0, as: info.dtype, rows: r..<(r + 1)) }
            var length = 0
            for column in 0..<width {
                let bytes = row[(column * size)..<((column + 1) * size)]
                if bytes.contains(where: { $0 != 0 }) {
                    batch.indices.append(Int32(column))
                    batch.data.append(contentsOf: bytes)
                    length += 1
                }
            }
            batch.lengths.append(length)
        }
        return batch
    }
}
