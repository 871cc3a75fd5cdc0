import Foundation
import HDF5Kit

/// Reads chosen rows of X (CSR or dense) without loading the matrix: rows are read in file order,
/// neighbouring rows coalesced into one hyperslab per run, and handed back in the order asked.
/// A `detached` reader uses no library calls and may be shared by threads.
// @unchecked: its datasets are used on one thread; only a detached reader (pread, no mutable state) is shared.
final class MatrixRowReader: @unchecked Sendable {
    let info: MatrixInfo
    private(set) var data: H5Dataset?
    private(set) var indices: H5Dataset?
    private var dense: H5Dataset?
    /// pread-based readers of uncompressed data/indices (nil: read through the library).
    private(set) var directData: H5DirectReader?
    private(set) var directIndices: H5DirectReader?
    /// Runs separated by at most this many unneeded entries are read as one (none for a remote
    /// file: its gaps were not fetched).
    private let mergeGap: Int
    /// Upper bound on the entries of one coalesced read.
    private let maxRun = 1 << 22

    init(_ file: AnnDataFile) throws {
        guard let info = file.x else {
            throw AnnDataError.malformed(file: file.url.path, element: "/X", reason: "no X matrix")
        }
        self.info = info
        mergeGap = file.remote == nil ? 8_192 : 0
        try annData {
            switch info.encoding {
            case .csr:
                let x = try file.root.group("X")
                data = try Self.openForRows(x, "data")
                indices = try Self.openForRows(x, "indices")
                directData = try H5DirectReader(data!, as: info.dtype)
                directIndices = try H5DirectReader(indices!, as: .int32)
            case .dense:
                dense = try file.root.dataset("X")
            case .csc:
                throw AnnDataError.unsupportedEncoding(file: file.url.path, element: "/X", encodingType: "csc_matrix",
                                                       encodingVersion: "0.1.0 (rows cannot be streamed from a column-major matrix)")
            }
        }
    }

    /// Lets go of the file and the library when values and indices are both read straight from
    /// the file (uncompressed CSR with every chunk located): the reader then holds two file
    /// descriptors and chunk tables, not the library's caches. Nil when it still needs the library.
    func detached() -> MatrixRowReader? {
        guard let directData, let directIndices, directData.detach(), directIndices.detach() else { return nil }
        data = nil
        indices = nil
        return self
    }

    /// Scattered row reads: straight from the file when uncompressed; through a chunk cache that
    /// holds several chunks when compressed, so each chunk is inflated about once per sorted pass.
    private static func openForRows(_ x: H5Group, _ name: String) throws -> H5Dataset {
        // The probe must be closed first: a second open of a dataset shares the first one's cache.
        let filtered = try x.dataset(name).isFiltered
        return try x.dataset(name, chunkCacheBytes: filtered ? 16 << 20 : 0)
    }

    /// Where each of `rows` is stored and how many entries it has: from `indptr` (read here and
    /// let go, so a large matrix's index is not kept), or for dense X by reading the rows and
    /// counting their nonzero values. Opens no more of X than that needs.
    static func spans(of rows: [Int], in file: AnnDataFile) throws -> [RowSpan] {
        guard let info = file.x else {
            throw AnnDataError.malformed(file: file.url.path, element: "/X", reason: "no X matrix")
        }
        guard info.encoding == .csr else {
            let reader = try MatrixRowReader(file)
            return try annData { try rows.map { RowSpan(row: $0, start: 0, length: try reader.readDense([RowSpan(row: $0, start: 0, length: 0)]).indices.count) } }
        }
        let indptr = try rowStarts(in: file, info: info)
        return rows.map { RowSpan(row: $0, start: Int(indptr[$0]), length: Int(indptr[$0 + 1] - indptr[$0])) }
    }

    /// CSR X's `indptr`, checked: one entry per row and one more, non-decreasing from 0 to at most nnz.
    static func rowStarts(in file: AnnDataFile, info: MatrixInfo) throws -> [Int64] {
        try annData {
            let indptr = try file.root.group("X").dataset("indptr").read(Int64.self)
            let nnz = Int64(info.nnz ?? 0)
            if indptr.count != info.rows + 1 || indptr.first != 0 || indptr.last! > nnz || zip(indptr.dropLast(), indptr.dropFirst()).contains(where: { $0 > $1 }) {
                throw AnnDataError.malformed(file: file.url.path, element: "/X/indptr", reason: "not \(info.rows + 1) entries non-decreasing from 0 to at most nnz \(nnz)")
            }
            return indptr
        }
    }

    /// Reads the rows of `spans` (in output order) into a batch: their values, indices or both
    /// (dense rows always come whole).
    func read(_ spans: ArraySlice<RowSpan>, contents: RowBatch.Contents = .all) throws -> RowBatch {
        try annData { dense == nil ? try readSparse(spans, contents: contents) : try readDense(spans) }
    }

    private func readSparse(_ spans: ArraySlice<RowSpan>, contents: RowBatch.Contents) throws -> RowBatch {
        guard directData != nil || data != nil, directIndices != nil || indices != nil else { return RowBatch(dtype: info.dtype) }
        let spans = Array(spans)
        let size = info.dtype.byteSize
        let plan = RowReadPlan(spans, mergeGap: mergeGap, maxRun: maxRun)
        var batch = RowBatch(dtype: info.dtype)
        batch.lengths = spans.map(\.length)
        // Every entry is overwritten below, so the buffers are not zeroed first.
        let values = contents.contains(.values) ? plan.total : 0, columns = contents.contains(.indices) ? plan.total : 0
        batch.data = [UInt8](unsafeUninitializedCapacity: values * size) { _, count in count = values * size }
        batch.indices = [Int32](unsafeUninitializedCapacity: columns) { _, count in count = columns }
        for run in plan.runs where !run.elements.isEmpty {
            if columns > 0 { try directIndices?.prefetch(elements: run.elements) }
            if values > 0 { try directData?.prefetch(elements: run.elements) }
        }
        try batch.indices.withUnsafeMutableBufferPointer { batchIndices in
            try batch.data.withUnsafeMutableBytes { batchData in
                try copy(plan, spans: spans, indices: columns > 0 ? batchIndices.baseAddress : nil,
                         data: values > 0 ? batchData.baseAddress : nil)
            }
        }
        return batch
    }

    /// Reads the plan's runs into the batch's buffers (nil: that part is not wanted). A run of
    /// one row (the common case) is read straight into its place; a longer one into a scratch
    /// buffer, from which each of its rows is copied to its place.
    private func copy(_ plan: RowReadPlan, spans: [RowSpan], indices: UnsafeMutablePointer<Int32>?, data: UnsafeMutableRawPointer?) throws {
        let size = info.dtype.byteSize
        var runData: [UInt8] = []
        var runIndices: [Int32] = []
        for run in plan.runs where !run.elements.isEmpty {
            if run.first == run.last {
                let slot = plan.order[run.first]
                try readRun(run.elements, indicesInto: indices.map { $0 + plan.offsets[slot] },
                            dataInto: data.map { $0 + plan.offsets[slot] * size })
                continue
            }
            let count = run.elements.count
            if runIndices.count < count {
                runIndices = [Int32](repeating: 0, count: count)
                runData = [UInt8](repeating: 0, count: count * size)
            }
            try runIndices.withUnsafeMutableBufferPointer { indexBuffer in
                try runData.withUnsafeMutableBytes { dataBuffer in
                    try readRun(run.elements, indicesInto: indices == nil ? nil : indexBuffer.baseAddress!,
                                dataInto: data == nil ? nil : dataBuffer.baseAddress!)
                    for position in run.first...run.last {
                        let slot = plan.order[position]
                        let from = spans[slot].start - run.elements.lowerBound, n = spans[slot].length
                        guard n > 0 else { continue }
                        indices?.advanced(by: plan.offsets[slot]).update(from: indexBuffer.baseAddress! + from, count: n)
                        data?.advanced(by: plan.offsets[slot] * size)
                            .copyMemory(from: dataBuffer.baseAddress! + from * size, byteCount: n * size)
                    }
                }
            }
        }
    }

    /// Reads the entries `run` of X's indices and data into the given buffers (nil: skipped).
    private func readRun(_ run: Range<Int>, indicesInto indexBuffer: UnsafeMutablePointer<Int32>?,
                         dataInto dataBuffer: UnsafeMutableRawPointer?) throws {
        if let indexBuffer {
            if let directIndices {
                try directIndices.read(into: indexBuffer, elements: run)
            } else {
                try indices!.read(into: UnsafeMutableBufferPointer(start: indexBuffer, count: run.count), rows: run)
            }
        }
        if let dataBuffer {
            if let directData {
                try directData.read(into: dataBuffer, elements: run)
            } else {
                try data!.readBytes(into: UnsafeMutableRawBufferPointer(start: dataBuffer, count: run.count * info.dtype.byteSize),
                                   as: info.dtype, rows: run)
            }
        }
    }

    /// Dense rows become sparse ones: zero-valued entries (all-zero bytes) are dropped.
    private func readDense(_ spans: some Collection<RowSpan>) throws -> RowBatch {
        guard let dense else { return RowBatch(dtype: info.dtype) }
        let size = info.dtype.byteSize, width = info.columns
        var batch = RowBatch(dtype: info.dtype)
        var row = [UInt8](repeating: 0, count: width * size)
        for r in spans.map(\.row) {
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
