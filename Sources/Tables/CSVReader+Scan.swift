import Foundation

/// The fields of the chosen columns of one record, in the order the columns were asked for; the
/// bytes are valid only during the visit.
public struct CSVFields {
    fileprivate let fields: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>

    public subscript(column: Int) -> UnsafeBufferPointer<UInt8> { fields[column] }
}

extension CSVReader {
    /// Mapped bytes a scan reads before dropping them from memory.
    static let scanReleaseBytes = 1 << 20

    /// Visits the named columns of every record of a CSV file without building a table. The file
    /// is split into `parts` (default: the core count) read in parallel, each into a state of its
    /// own, returned in file order; pages are dropped as they are read, so memory stays flat
    /// however large the file. Errors name the file, line and column, as `read` does.
    public static func scan<State: Sendable>(_ url: URL, columns: [String], parts: Int? = nil, start: @Sendable () -> State,
                                             visit: @Sendable (inout State, CSVFields) -> Void) throws(TableError) -> [State] {
        let file = try MappedFile(path: url.path)
        guard let base = file.base else { throw .empty(path: file.path) }
        var first = 0
        if file.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { first = 3 }
        let header: [String], pos: Int
        do throws(CSVParseFailure) { (header, pos) = try readHeader(base, from: first, end: file.count) } catch {
            throw located(error, base: base, header: [], path: file.path)
        }
        guard Set(columns).count == columns.count else { throw .invalidArgument("\(file.path): a scan names a column twice: \(columns)") }
        for name in columns where !header.contains(name) { throw .unknownColumn(name: name, table: file.path, available: header) }
        let slots = header.map { columns.firstIndex(of: $0) ?? -1 }
        let ranges = split(base, from: pos, to: file.count, parts: max(1, parts ?? ProcessInfo.processInfo.activeProcessorCount),
                           release: file.release(from:to:))
        let outcomes = parallelMap(Array(ranges.indices)) { k -> Result<State, CSVParseFailure> in
            var state = start()
            do throws(CSVParseFailure) {
                try scanRecords(file, in: ranges[k], slots: slots, wanted: columns.count) { visit(&state, $0) }
            } catch {
                return .failure(error)
            }
            return .success(state)
        }
        return try outcomes.map { outcome throws(TableError) in
            switch outcome {
            case .success(let state): return state
            case .failure(let failure): throw located(failure, base: base, header: header, path: file.path)
            }
        }
    }

    /// The records of one part: each record's wanted fields (`slots`: a header column's place
    /// among the wanted ones, or -1) handed to `visit`.
    private static func scanRecords(_ file: MappedFile, in range: Range<Int>, slots: [Int], wanted: Int,
                                    visit: (CSVFields) -> Void) throws(CSVParseFailure) {
        let base = file.base!
        let scratches = (0...wanted).map { _ in ScratchBuffer() }
        let fields = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: max(1, wanted))
        defer { fields.deallocate() }
        var pos = range.lowerBound, releasedUpTo = pos
        let end = range.upperBound
        while pos < end {
            if slots.count > 1 {
                // Blank lines carry no record, as `read` skips them.
                if base[pos] == 10 { pos += 1; continue }
                if base[pos] == 13, pos + 1 < end, base[pos + 1] == 10 { pos += 2; continue }
            }
            let recordStart = pos
            var column = 0, more = true
            while more {
                let slot = column < slots.count ? slots[column] : -1
                let (p, n, next, comma) = try CSVChunkParser.field(base, at: pos, end: end, scratch: scratches[slot < 0 ? wanted : slot], column: column)
                if slot >= 0 { fields[slot] = UnsafeBufferPointer(start: p, count: n) }
                pos = next
                more = comma
                column += 1
            }
            guard column == slots.count else { throw CSVParseFailure(offset: recordStart, field: min(column, slots.count), kind: .ragged(found: column)) }
            visit(CSVFields(fields: fields))
            if pos - releasedUpTo > scanReleaseBytes {
                file.release(from: releasedUpTo, to: pos)
                releasedUpTo = pos
            }
        }
    }
}
