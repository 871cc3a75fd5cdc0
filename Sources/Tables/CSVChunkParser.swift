#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a chunk's parse stopped for a bad field, as a byte offset (turned into line and column
/// by `CSVReader`, which has the whole file).
struct CSVParseFailure: Error {
    enum Kind { case malformed(String), ragged(found: Int) }
    let offset: Int
    let field: Int
    let kind: Kind
}

/// One column's values while a chunk is parsed. A column starts as integers, widens to decimals,
/// and becomes strings when a value is neither (the chunk is then parsed again for it).
struct ColumnBuilder {
    enum Kind: Int, Comparable {
        case int64, double, string
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// After this many rows a string column with more than half its values distinct is stored plainly.
    static let cardinalityProbe = 8192

    var kind: Kind
    /// Whether any non-empty field was seen (an all-empty column ends up as strings).
    var sawValue = false
    var ints: [Int64] = []
    var doubles: [Double] = []
    var codes: [UInt32] = []
    var interner: StringInterner
    let expectedRows: Int

    init(kind: Kind, expectedRows: Int) {
        self.kind = kind
        self.expectedRows = expectedRows
        interner = StringInterner()
        switch kind {
        case .int64: ints.reserveCapacity(expectedRows)
        case .double: doubles.reserveCapacity(expectedRows)
        case .string: codes.reserveCapacity(expectedRows)
        }
    }

    /// Adds a field; false when it does not fit a numeric column (the caller re-parses as strings).
    @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        switch kind {
        case .string:
            codes.append(interner.intern(p, n))
            if codes.count == Self.cardinalityProbe, interner.dictionary.count * 2 > codes.count {
                interner.storePlainly(expecting: expectedRows)
            }
            return true
        case .int64:
            if n == 0 {
                ints.append(Column.missingInt)
                return true
            }
            if let v = NumberParsing.int64(p, n) {
                ints.append(v)
                sawValue = true
                return true
            }
            guard let d = NumberParsing.double(p, n) else { return false }
            widenToDouble()
            doubles.append(d)
            return true
        case .double:
            if n == 0 {
                doubles.append(.nan)
                return true
            }
            guard let d = NumberParsing.double(p, n) else { return false }
            doubles.append(d)
            sawValue = true
            return true
        }
    }

    mutating func widenToDouble() {
        guard kind == .int64 else { return }
        doubles = ints.map { $0 == Column.missingInt ? .nan : Double($0) }
        ints = []
        kind = .double
        sawValue = true
    }
}

/// Parses the records of one byte range of a CSV file (a range that starts and ends at record
/// boundaries) into column builders.
struct CSVChunkParser: Sendable {
    /// The whole input; a mapped file's parsed pages are released every so often.
    let file: MappedFile
    let range: Range<Int>
    let columnCount: Int
    /// Bytes whose rows the column arrays get room for: the first chunk's arrays are sized for
    /// the whole input so the merge appends the other chunks to them in place.
    let reserveBytes: Int
    /// Rows in `reserveBytes`, estimated once: a chunk is parsed again for every numeric-looking
    /// column that turns out to hold text.
    private let expectedRows: Int

    init(file: MappedFile, range: Range<Int>, columnCount: Int, reserveBytes: Int) {
        self.range = range
        self.columnCount = columnCount
        self.file = file
        self.reserveBytes = reserveBytes
        expectedRows = Self.estimatedRows(base: file.base!, range: range, reserveBytes: reserveBytes)
    }

    struct Output {
        var builders: [ColumnBuilder]
        var rows: Int
    }

    enum Outcome {
        case done(Output)
        /// A numeric column met text: parse again with it as strings.
        case needsString(column: Int)
    }

    func parse(stringColumns: Set<Int>, kinds: [ColumnBuilder.Kind]? = nil) throws(CSVParseFailure) -> Outcome {
        var builders = (0..<columnCount).map { c in
            ColumnBuilder(kind: stringColumns.contains(c) ? .string : kinds?[c] ?? .int64, expectedRows: expectedRows)
        }
        // Through a buffer pointer: no uniqueness check of the array on every field.
        let (rows, stringColumn) = try builders.withUnsafeMutableBufferPointer { buffer throws(CSVParseFailure) in
            try parseRecords(into: buffer)
        }
        if let stringColumn { return .needsString(column: stringColumn) }
        return .done(Output(builders: builders, rows: rows))
    }

    /// Rows in `reserveBytes`, estimated from the first MiB of the range, so arrays rarely grow.
    private static func estimatedRows(base: UnsafePointer<UInt8>, range: Range<Int>, reserveBytes: Int) -> Int {
        let sample = min(range.count, 1 << 20)
        guard sample > 0 else { return 16 }
        var lines = 0
        for i in range.lowerBound..<(range.lowerBound + sample) where base[i] == 10 { lines += 1 }
        return Int(Double(max(lines, 1)) * Double(reserveBytes) / Double(sample) * 1.02) + 16
    }

    /// Parses every record; stops early with the index of a numeric column that met text.
    private func parseRecords(into builders: UnsafeMutableBufferPointer<ColumnBuilder>) throws(CSVParseFailure) -> (Int, Int?) {
        let base = file.base!
        let scratch = ScratchBuffer()
        var pos = range.lowerBound
        let end = range.upperBound
        var rows = 0
        var releasedUpTo = pos
        while pos < end {
            if columnCount > 1 {
                // Blank lines carry no record (as pandas skips them).
                if base[pos] == 10 { pos += 1; continue }
                if base[pos] == 13, pos + 1 < end, base[pos + 1] == 10 { pos += 2; continue }
            }
            let recordStart = pos
            var column = 0
            var more = true
            while more {
                let (p, n, next, comma) = try Self.field(base, at: pos, end: end, scratch: scratch, column: column)
                pos = next
                more = comma
                guard column < columnCount else {
                    var count = column + 1
                    while more {
                        let f = try Self.field(base, at: pos, end: end, scratch: scratch, column: count)
                        pos = f.next
                        more = f.comma
                        count += 1
                    }
                    throw CSVParseFailure(offset: recordStart, field: columnCount, kind: .ragged(found: count))
                }
                if !builders[column].append(p, n) { return (rows, column) }
                column += 1
            }
            guard column == columnCount else {
                throw CSVParseFailure(offset: recordStart, field: column, kind: .ragged(found: column))
            }
            rows += 1
            if pos - releasedUpTo > 32 << 20 {
                file.release(from: releasedUpTo, to: pos)
                releasedUpTo = pos
            }
        }
        return (rows, nil)
    }

    /// Reads the field at `pos`: its bytes (pointing into the input, or into `scratch` when
    /// doubled quotes had to be removed), where the next field starts, and whether a comma ended it.
    @inline(__always)
    static func field(_ base: UnsafePointer<UInt8>, at pos: Int, end: Int, scratch: ScratchBuffer, column: Int)
        throws(CSVParseFailure) -> (UnsafePointer<UInt8>, Int, next: Int, comma: Bool)
    {
        if pos < end, base[pos] == UInt8(ascii: "\"") {
            return try quotedField(base, at: pos, end: end, scratch: scratch, column: column)
        }
        var p = pos
        // Eight bytes at a time until a word holds a comma, LF, CR or quote (SWAR zero-byte test).
        let raw = UnsafeRawPointer(base)
        while p + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let c = w ^ (ones &* 44), l = w ^ (ones &* 10), r = w ^ (ones &* 13), q = w ^ (ones &* 34)
            let hit = ((c &- ones) & ~c | (l &- ones) & ~l | (r &- ones) & ~r | (q &- ones) & ~q) & highs
            if hit != 0 {
                p += hit.trailingZeroBitCount / 8
                break
            }
            p += 8
        }
        while p < end {
            let b = base[p]
            if b == 44 { return (base + pos, p - pos, p + 1, true) }
            if b == 10 { return (base + pos, p - pos, p + 1, false) }
            if b == 13, p + 1 < end, base[p + 1] == 10 { return (base + pos, p - pos, p + 2, false) }
            if b == 34 {
                // RFC 4180 allows quotes only in quoted fields; accepting them here would also
                // break the quote parity that parallel parsing splits the file by.
                throw CSVParseFailure(offset: p, field: column,
                                      kind: .malformed("a quote inside an unquoted field (quote the whole field and double the quote)"))
            }
            p += 1
        }
        return (base + pos, p - pos, p, false)
    }

    private static func quotedField(_ base: UnsafePointer<UInt8>, at pos: Int, end: Int, scratch: ScratchBuffer, column: Int)
        throws(CSVParseFailure) -> (UnsafePointer<UInt8>, Int, next: Int, comma: Bool)
    {
        var p = pos + 1
        var unescaped = false
        scratch.count = 0
        while true {
            guard let hit = memchr(base + p, Int32(UInt8(ascii: "\"")), end - p) else {
                throw CSVParseFailure(offset: pos, field: column, kind: .malformed("quoted field is never closed"))
            }
            let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if q + 1 < end, base[q + 1] == UInt8(ascii: "\"") {
                scratch.append(base + p, q + 1 - p)  // keep one of the two quotes
                unescaped = true
                p = q + 2
                continue
            }
            let content: (UnsafePointer<UInt8>, Int)
            if unescaped {
                scratch.append(base + p, q - p)
                content = (UnsafePointer(scratch.pointer), scratch.count)
            } else {
                content = (base + pos + 1, q - pos - 1)
            }
            let after = q + 1
            if after == end { return (content.0, content.1, after, false) }
            switch base[after] {
            case 44: return (content.0, content.1, after + 1, true)
            case 10: return (content.0, content.1, after + 1, false)
            case 13 where after + 1 < end && base[after + 1] == 10: return (content.0, content.1, after + 2, false)
            default:
                throw CSVParseFailure(offset: after, field: column,
                                      kind: .malformed("unexpected character after a closing quote (a quote inside a quoted field must be doubled)"))
            }
        }
    }
}

/// A growable byte buffer for fields whose doubled quotes are removed.
final class ScratchBuffer {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private var capacity = 256
    var count = 0

    init() { pointer = .allocate(capacity: 256) }

    func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if count + n > capacity {
            while count + n > capacity { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: pointer, count: count)
            pointer.deallocate()
            pointer = bigger
        }
        (pointer + count).update(from: p, count: n)
        count += n
    }

    deinit { pointer.deallocate() }
}
