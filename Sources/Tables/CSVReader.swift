import Foundation
import Locking
import Synchronization

/// Reads RFC 4180 CSV into a columnar `Table`.
///
/// Quoted fields may hold commas, doubled quotes and newlines; records end with LF or CRLF;
/// a UTF-8 BOM is skipped; blank lines are skipped (when there is more than one column).
/// A column whose non-empty fields are all integers is `int64`, all numbers `double`, else
/// strings (empty numeric fields are missing). A quote inside an unquoted field is an error (RFC 4180).
///
/// Speed: the file is memory-mapped and parsed from bytes in parallel chunks (split at record
/// boundaries found by tracking quote parity), strings are interned per column by a hash of
/// their bytes, and parsed pages are released as the parse goes.
public enum CSVReader {
    /// Reads a CSV file. `chunks` is the number of parallel parts (default: the core count).
    public static func read(_ url: URL, chunks: Int? = nil) throws(TableError) -> Table {
        let file = try MappedFile(path: url.path)
        return try parse(file, chunks: chunks)
    }

    /// Parses CSV bytes in memory; `name` stands for the file in errors.
    public static func parse(_ bytes: [UInt8], name: String, chunks: Int? = nil) throws(TableError) -> Table {
        try parse(MappedFile(copying: bytes, name: name), chunks: chunks)
    }

    private static func parse(_ file: MappedFile, chunks: Int?) throws(TableError) -> Table {
        guard let base = file.base else { throw .empty(path: file.path) }
        let count = file.count, path = file.path
        var start = 0
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        let header: [String], pos: Int
        do throws(CSVParseFailure) { (header, pos) = try readHeader(base, from: start, end: count) } catch {
            throw located(error, base: base, header: [], path: path)
        }
        if header == [""] && pos >= count { throw .empty(path: path) }
        let ranges = split(base, from: pos, to: count, parts: max(1, chunks ?? ProcessInfo.processInfo.activeProcessorCount),
                           release: file.release(from:to:))
        let parsers = ranges.enumerated().map { i, range in
            CSVChunkParser(file: file, range: range, columnCount: header.count,
                           reserveBytes: i == 0 ? count - pos : range.count)
        }
        var (outputs, kinds) = try parseAgreeing(parsers, columns: header.count) { failure throws(TableError) in
            throw located(failure, base: base, header: header, path: path)
        }
        return try merge(&outputs, header: header, kinds: kinds, path: path)
    }


    /// A parse failure as a table error naming the file, line and column.
    static func located(_ failure: CSVParseFailure, base: UnsafePointer<UInt8>, header: [String], path: String) -> TableError {
        let line = lineNumber(base, offset: failure.offset)
        switch failure.kind {
        case .ragged(let found):
            return .ragged(path: path, line: line, expected: header.count, found: found)
        case .malformed(let message):
            let name = failure.field < header.count ? header[failure.field] : nil
            return .malformed(path: path, line: line, column: failure.field + 1, columnName: name, message: message)
        }
    }

    /// Parses every chunk; then makes the column kinds agree, re-parsing chunks where a column
    /// must become strings. `fail` turns a chunk's failure into the error thrown.
    private static func parseAgreeing(_ parsers: [CSVChunkParser], columns: Int,
                                      fail: (CSVParseFailure) throws(TableError) -> Never) throws(TableError)
        -> (outputs: [CSVChunkParser.Output?], kinds: [ColumnBuilder.Kind]) {
        var outputs = [CSVChunkParser.Output?](repeating: nil, count: parsers.count)
        var stringColumns = [Set<Int>](repeating: [], count: parsers.count)
        var kinds: [ColumnBuilder.Kind]? = nil
        var pending = Array(parsers.indices)
        while !pending.isEmpty {
            let strings = stringColumns, currentKinds = kinds
            let results = parallelMap(pending) { i in
                Result { () throws(CSVParseFailure) in try parseChunk(parsers[i], strings: strings[i], kinds: currentKinds) }
            }
            for (k, i) in pending.enumerated() {
                switch results[k] {
                case .success(let output): outputs[i] = output
                case .failure(let failure): try fail(failure)
                }
            }
            let finals = finalKinds(outputs.map { $0! }, columns: columns)
            kinds = finals
            pending = parsers.indices.filter { i in
                let needs = outputs[i]!.builders.indices.filter { c in finals[c] == .string && outputs[i]!.builders[c].kind != .string }
                stringColumns[i].formUnion(needs)
                return !needs.isEmpty
            }
        }
        return (outputs, kinds ?? [])
    }

    private static func parseChunk(_ parser: CSVChunkParser, strings: Set<Int>, kinds: [ColumnBuilder.Kind]?) throws(CSVParseFailure) -> CSVChunkParser.Output {
        var strings = strings
        while true {
            switch try parser.parse(stringColumns: strings, kinds: kinds) {
            case .done(let output): return output
            case .needsString(let column): strings.insert(column)
            }
        }
    }

    /// The kind each column takes over all chunks: the widest seen; strings when no chunk saw a value.
    private static func finalKinds(_ outputs: [CSVChunkParser.Output], columns: Int) -> [ColumnBuilder.Kind] {
        (0..<columns).map { c in
            let seen = outputs.map { $0.builders[c] }.filter { $0.kind == .string || $0.sawValue }
            return seen.map(\.kind).max() ?? .string
        }
    }

    /// Joins the chunks' builders column by column, in parallel; each column's chunk data is
    /// freed as soon as that column is merged, so memory peaks near one copy of the table.
    private static func merge(_ outputs: inout [CSVChunkParser.Output?], header: [String], kinds: [ColumnBuilder.Kind], path: String) throws(TableError) -> Table {
        let rows = outputs.reduce(0) { $0 + $1!.rows }
        // Each column's chunk builders, taken by the worker that merges that column.
        let slots = Mutex(header.indices.map { c in Optional(outputs.map { $0!.builders[c] }) })
        outputs = []
        let columns = parallelMap(Array(header.indices)) { c in
            let chunks = slots.locked { slots in
                defer { slots[c] = nil }
                return slots[c]!
            }
            return mergeColumn(chunks, name: header[c], kind: kinds[c], rows: rows)
        }
        return try Table(columns: columns, source: path)
    }

    private static func mergeColumn(_ chunks: [ColumnBuilder], name: String, kind: ColumnBuilder.Kind, rows: Int) -> Column {
        var chunks = chunks
        switch kind {
        // The first chunk's arrays have room for all rows: later chunks are appended in place.
        case .int64:
            var values = chunks[0].ints
            chunks[0].ints = []
            values.reserveCapacity(rows)
            for i in chunks.indices.dropFirst() {
                values += chunks[i].ints
                chunks[i].ints = []
            }
            return Column(name: name, storage: .int64(values))
        case .double:
            chunks[0].widenToDouble()
            var values = chunks[0].doubles
            chunks[0].doubles = []
            values.reserveCapacity(rows)
            for i in chunks.indices.dropFirst() {
                chunks[i].widenToDouble()
                values += chunks[i].doubles
                chunks[i].doubles = []
            }
            return Column(name: name, storage: .double(values))
        case .string:
            return mergeStrings(&chunks, name: name, rows: rows)
        }
    }

    /// The string chunks' codes and dictionaries as one column, freeing each chunk once appended.
    private static func mergeStrings(_ chunks: inout [ColumnBuilder], name: String, rows: Int) -> Column {
        var codes = chunks[0].codes
        chunks[0].codes = []
        codes.reserveCapacity(rows)
        var merged: StringDictionary
        if chunks.allSatisfy(\.interner.dictionary.isInterned) {
            // Re-intern later chunks' values into the first chunk's dictionary.
            var interner = StringInterner(reusing: chunks[0].interner.dictionary)
            for i in chunks.indices.dropFirst() {
                let local = chunks[i].interner.dictionary
                let remap: [UInt32] = local.bytes.withUnsafeBufferPointer { bytes in
                    (0..<local.count).map { code in
                        let r = local.range(of: code)
                        return interner.intern(bytes.baseAddress! + r.lowerBound, r.count)
                    }
                }
                codes += chunks[i].codes.lazy.map { remap[Int($0)] }
                chunks[i] = ColumnBuilder(kind: .string, expectedRows: 0)
            }
            merged = interner.dictionary
        } else {
            // Mostly distinct values: append the chunks' entries one after the other.
            merged = chunks[0].interner.dictionary
            merged.isInterned = false
            chunks[0] = ColumnBuilder(kind: .string, expectedRows: 0)
            merged.bytes.reserveCapacity(merged.bytes.count + chunks.reduce(0) { $0 + $1.interner.dictionary.bytes.count })
            merged.ends.reserveCapacity(rows)
            for i in chunks.indices.dropFirst() {
                let offset = UInt32(merged.count), byteOffset = merged.bytes.count
                merged.bytes += chunks[i].interner.dictionary.bytes
                merged.ends += chunks[i].interner.dictionary.ends.lazy.map { $0 + byteOffset }
                codes += chunks[i].codes.lazy.map { $0 + offset }
                chunks[i] = ColumnBuilder(kind: .string, expectedRows: 0)
            }
        }
        return Column(name: name, storage: .string(codes: codes, dictionary: merged))
    }

    /// Splits `[from, to)` into up to `parts` ranges that start at record boundaries: a newline
    /// counts only where the number of quotes before it is even.
    /// The bytes read for the quote parity are let go behind the scan (`release`), so that finding
    /// the bounds does not hold the file's first parts in memory.
    static func split(_ base: UnsafePointer<UInt8>, from: Int, to: Int, parts: Int,
                      release: (Int, Int) -> Void = { _, _ in }) -> [Range<Int>] {
        let minimum = 1 << 20
        let parts = min(parts, max(1, (to - from) / minimum))
        guard parts > 1 else { return [from..<to] }
        var bounds = [from]
        var pos = from
        var insideQuotes = false
        for k in 1..<parts {
            let target = from + (to - from) * k / parts
            // Quote parity up to the target.
            while pos < target {
                let stop = min(target, pos + scanReleaseBytes)
                guard let hit = memchr(base + pos, Int32(UInt8(ascii: "\"")), stop - pos) else {
                    release(pos, stop)
                    pos = stop
                    continue
                }
                pos = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
                insideQuotes.toggle()
            }
            while pos < to {
                let b = base[pos]
                pos += 1
                if b == UInt8(ascii: "\"") { insideQuotes.toggle() }
                else if b == 10, !insideQuotes { break }
            }
            if pos > bounds.last!, pos < to { bounds.append(pos) }
        }
        bounds.append(to)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }

    /// The header's column names and where the first record starts. Columns are found by
    /// name, so a name given twice is an error: the second `x` would show the first one's values.
    static func readHeader(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) throws(CSVParseFailure) -> ([String], Int) {
        var header: [String] = []
        let scratch = ScratchBuffer()
        var pos = start
        var more = true
        while more {
            let (p, n, next, comma) = try CSVChunkParser.field(base, at: pos, end: end, scratch: scratch, column: header.count)
            let name = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            if let first = header.firstIndex(of: name) {
                throw CSVParseFailure(offset: pos, field: header.count,
                                      kind: .malformed("duplicate column name '\(name)' (also column \(first + 1)); give each column its own name"))
            }
            header.append(name)
            pos = next
            more = comma
        }
        return (header, pos)
    }

    /// The physical line (1-based) where data record `row` (0-based, after the header) of the
    /// CSV file at `path` starts, counted as `read` counts records; nil when the file cannot
    /// be read or has fewer records. Used for error messages only: it parses the file again.
    public static func line(ofRecord row: Int, path: String) -> Int? {
        guard let file = try? MappedFile(path: path), let base = file.base else { return nil }
        let count = file.count
        let start = count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        guard let (columns, first) = (try? readHeader(base, from: start, end: count)).map({ ($0.0.count, $0.1) }) else { return nil }
        var pos = first
        let scratch = ScratchBuffer()
        var record = 0
        while pos < count {
            if columns > 1, base[pos] == 10 || (base[pos] == 13 && pos + 1 < count && base[pos + 1] == 10) {
                pos += base[pos] == 10 ? 1 : 2
                continue
            }
            if record == row { return lineNumber(base, offset: pos) }
            var more = true
            while more {
                guard let field = try? CSVChunkParser.field(base, at: pos, end: count, scratch: scratch, column: 0) else { return nil }
                pos = field.next
                more = field.comma
            }
            record += 1
        }
        return nil
    }

    /// The physical line (1-based) holding a byte offset.
    static func lineNumber(_ base: UnsafePointer<UInt8>, offset: Int) -> Int {
        var line = 1
        var pos = 0
        while pos < offset, let hit = memchr(base + pos, 10, offset - pos) {
            line += 1
            pos = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
        }
        return line
    }

    static func parallelMap<T: Sendable>(_ items: [Int], _ body: @Sendable (Int) -> T) -> [T] {
        let results = Mutex([T?](repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { k in
            let value = body(items[k])
            results.locked { $0[k] = value }
        }
        return results.locked { $0.map { $0! } }
    }
}

