/// How chosen CSR rows are read: where each lands in the output batch, and the runs of rows (in
/// file order) read as one request, neighbours coalesced while the gap and the run stay small.
struct RowReadPlan: Equatable {
    /// One read: the rows `order[first...last]`, covering `elements` of the matrix's data.
    struct Run: Equatable {
        let first: Int
        let last: Int
        let elements: Range<Int>
    }

    /// Each span's first entry in the output (output order).
    let offsets: [Int]
    /// Entries in all spans.
    let total: Int
    /// Span indices sorted by their position in the file.
    let order: [Int]
    let runs: [Run]

    /// - Parameters:
    ///   - mergeGap: rows separated by at most this many unneeded entries are read as one run;
    ///   - maxRun: a run covers at most this many entries (unless one row alone is longer).
    init(_ spans: [RowSpan], mergeGap: Int, maxRun: Int) {
        var offsets = [Int](repeating: 0, count: spans.count)
        var total = 0
        for (k, span) in spans.enumerated() {
            offsets[k] = total
            total += span.length
        }
        let order = spans.indices.sorted { spans[$0].start < spans[$1].start }
        var runs: [Run] = []
        var k = 0
        while k < order.count {
            let runStart = spans[order[k]].start
            var runEnd = runStart + spans[order[k]].length
            var last = k
            while last + 1 < order.count {
                let next = spans[order[last + 1]]
                guard next.start - runEnd <= mergeGap, next.start + next.length - runStart <= maxRun else { break }
                runEnd = max(runEnd, next.start + next.length)
                last += 1
            }
            runs.append(Run(first: k, last: last, elements: runStart..<runEnd))
            k = last + 1
        }
        self.offsets = offsets
        self.total = total
        self.order = order
        self.runs = runs
    }
}
