import HDF5Kit

/// Sparse rows gathered for output: values as raw bytes of `dtype`, column indices, row lengths.
/// A batch may hold only the values or only the indices (`contents`); `lengths` are always there.
struct RowBatch {
    struct Contents: OptionSet {
        let rawValue: Int
        static let values = Contents(rawValue: 1)
        static let indices = Contents(rawValue: 2)
        static let all: Contents = [.values, .indices]
    }

    var dtype: H5ElementType
    var data: [UInt8] = []
    var indices: [Int32] = []
    var lengths: [Int] = []

    init(dtype: H5ElementType) { self.dtype = dtype }

    var nnz: Int { lengths.reduce(0, +) }

    /// Maps column indices through `map`; re-sorts each row by index when `map` is not increasing.
    /// Returns the first index outside `map`, if any (then nothing is changed after it).
    mutating func remapColumns(_ map: [Int32], increasing: Bool) -> Int32? {
        let bad: Int32? = indices.withUnsafeMutableBufferPointer { idx in
            map.withUnsafeBufferPointer { m in
                for i in 0..<idx.count {
                    let column = Int(idx[i])
                    guard column >= 0, column < m.count else { return idx[i] }
                    idx[i] = m[column]
                }
                return nil
            }
        }
        if bad == nil, !increasing { sortRows() }
        return bad
    }

    /// Converts the values to `target` (a numpy-promoted dtype; `file` names their source for errors).
    mutating func convert(to target: H5ElementType, file: String) throws {
        guard target != dtype else { return }
        let count = nnz
        data += [UInt8](repeating: 0, count: max(0, count * target.byteSize - data.count))
        try annData { try data.withUnsafeMutableBytes { try dtype.convert($0.baseAddress!, count: count, to: target, file: file, object: "/X/data") } }
        data.removeLast(data.count - count * target.byteSize)
        dtype = target
    }

    /// The first column index outside 0..<count, if any.
    func firstColumn(outside count: Int) -> Int32? {
        indices.withUnsafeBufferPointer { idx in idx.first { $0 < 0 || Int($0) >= count } }
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
