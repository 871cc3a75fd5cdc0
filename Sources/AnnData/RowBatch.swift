import HDF5Kit

/// Sparse rows gathered for output: values as raw bytes of `dtype`, column indices, row lengths.
struct RowBatch {
    var dtype: H5ElementType
    var data: [UInt8] = []
    var indices: [Int32] = []
    var lengths: [Int] = []

    init(dtype: H5ElementType) { self.dtype = dtype }

    var nnz: Int { indices.count }

    /// Maps column indices through `map`; re-sorts each row by index when `map` is not increasing.
    mutating func remapColumns(_ map: [Int32], increasing: Bool) {
        indices.withUnsafeMutableBufferPointer { idx in
            map.withUnsafeBufferPointer { m in
                for i in 0..<idx.count { idx[i] = m[Int(idx[i])] }
            }
        }
        if !increasing { sortRows() }
    }

    /// Sorts entries within each row by column index, moving values with them.
    mutating func sortRows() {
        let size = dtype.byteSize
        var start = 0
        var order: [Int] = []
        var scratchIndices: [Int32] = []
        var scratchData: [UInt8] = []
        for length in lengths {
            defer { start += length }
            guard length > 1 else { continue }
            let row = start..<(start + length)
            if zip(indices[row].dropLast(), indices[row].dropFirst()).allSatisfy({ $0 < $1 }) { continue }
            order = Array(row)
            order.sort { indices[$0] < indices[$1] }
            scratchIndices = order.map { indices[$0] }
            scratchData.removeAll(keepingCapacity: true)
            for position in order { scratchData.append(contentsOf: data[(position * size)..<((position + 1) * size)]) }
            indices.replaceSubrange(row, with: scratchIndices)
            data.replaceSubrange((start * size)..<((start + length) * size), with: scratchData)
        }
    }
}
