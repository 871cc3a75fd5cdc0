import HDF5Kit

/// Picks a gene panel's columns out of uncompressed CSR rows straight from the file (`pread`, no
/// library call): the column indices of a window of neighbouring rows are read into one reused
/// buffer, each panel column is found in each row by binary search, and then only the values at
/// the hits are read, nearby hits as one read. A panel of a few genes hits a small share of a
/// row's entries, so this reads about half the bytes a whole-row read does, and holds two small
/// buffers whatever the matrix's size (several matrices are scanned at once).
struct PanelScan {
    /// Index entries read at once (256 KiB of Int32), unless one row alone is longer.
    static let windowEntries = 1 << 16
    /// Rows this many unneeded entries apart or fewer share a window (reading through the gap
    /// costs less than another system call per chunk).
    static let rowGap = 4_096
    /// Hits this many entries apart or fewer are read as one run of values.
    static let valueGap = 1_024

    let indices: H5DirectReader
    let data: H5DirectReader
    let dtype: H5ElementType
    /// Panel columns in increasing order, each with its place in the panel.
    let picks: [(column: Int32, slot: Int)]
    /// Genes per panel row.
    let width: Int

    /// A hit: the entry holding a panel gene's value and where the value goes in the panel.
    private struct Hit {
        var entry: Int
        var output: Int
    }

    /// Fills `values` (a row of `width` per span, in span order) from the rows of `spans`.
    func scan(_ spans: [RowSpan], into values: inout [Float]) throws {
        let order = spans.indices.filter { spans[$0].length > 0 }.sorted { spans[$0].start < spans[$1].start }
        var window = [Int32](repeating: 0, count: Self.windowEntries)
        var hits: [Hit] = []
        var bytes: [UInt8] = []
        var next = 0
        while next < order.count {
            let start = spans[order[next]].start
            var end = next, stop = start
            while end < order.count {
                let span = spans[order[end]]
                guard end == next || (span.start - stop <= Self.rowGap && span.start + span.length - start <= Self.windowEntries) else { break }
                stop = max(stop, span.start + span.length)
                end += 1
            }
            if window.count < stop - start { window = [Int32](repeating: 0, count: stop - start) }
            try window.withUnsafeMutableBytes { try indices.read(into: $0.baseAddress!, elements: start..<stop) }
            hits.removeAll(keepingCapacity: true)
            window.withUnsafeBufferPointer { find(in: $0, from: start, rows: order[next..<end], of: spans, hits: &hits) }
            try readValues(at: hits, buffer: &bytes, into: &values)
            next = end
        }
    }

    /// The hits of the panel's columns in `rows`, whose indices are in `window` from entry `base` on.
    private func find(in window: UnsafeBufferPointer<Int32>, from base: Int, rows: ArraySlice<Int>, of spans: [RowSpan],
                      hits: inout [Hit]) {
        for slot in rows {
            var low = spans[slot].start - base
            let end = low + spans[slot].length
            for pick in picks {
                // The row's indices are sorted: search from the previous pick's place on.
                var high = end
                while low < high {
                    let mid = (low + high) >> 1
                    if window[mid] < pick.column { low = mid + 1 } else { high = mid }
                }
                if low == end { break }
                if window[low] == pick.column { hits.append(Hit(entry: base + low, output: slot * width + pick.slot)) }
            }
        }
    }

    /// Reads the values at `hits` (in entry order within a row), a run of nearby hits at a time.
    private func readValues(at hits: [Hit], buffer: inout [UInt8], into values: inout [Float]) throws {
        let load = GenePanelReader.valueLoader(dtype)
        let size = dtype.byteSize
        var first = 0
        while first < hits.count {
            let runStart = hits[first].entry
            var last = first, runEnd = runStart + 1
            while last + 1 < hits.count {
                let entry = hits[last + 1].entry
                guard entry >= runStart, entry - runEnd <= Self.valueGap, entry < runStart + Self.windowEntries else { break }
                runEnd = max(runEnd, entry + 1)
                last += 1
            }
            if buffer.count < (runEnd - runStart) * size { buffer = [UInt8](repeating: 0, count: (runEnd - runStart) * size) }
            try buffer.withUnsafeMutableBytes { raw in
                try data.read(into: raw.baseAddress!, elements: runStart..<runEnd)
                let run = UnsafeRawBufferPointer(raw)
                for hit in hits[first...last] { values[hit.output] = load(run, hit.entry - runStart) }
            }
            first = last + 1
        }
    }
}
