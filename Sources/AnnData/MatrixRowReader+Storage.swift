import HDF5Kit

extension MatrixRowReader {
    /// The file bytes that hold the values and column indices of `spans`: exact for uncompressed
    /// storage, whole chunks for compressed storage. Nil for dense X (read as it is needed).
    func storageRanges(of spans: [RowSpan]) throws -> [Range<UInt64>]? {
        guard info.encoding == .csr else { return nil }
        var elements: [Range<Int>] = []
        for span in spans.filter({ $0.length > 0 }).sorted(by: { $0.start < $1.start }) {
            let range = span.start..<(span.start + span.length)
            if let last = elements.last, range.lowerBound <= last.upperBound {
                elements[elements.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                elements.append(range)
            }
        }
        return try annData {
            var ranges: [Range<UInt64>] = []
            for (direct, dataset) in [(directData, data), (directIndices, indices)] {
                if let direct {
                    for range in elements { ranges += try direct.byteRanges(elements: range) }
                } else if let dataset, let chunks = try dataset.chunkByteRanges(elements) {
                    ranges += chunks
                } else {
                    return nil
                }
            }
            return ranges
        }
    }
}
