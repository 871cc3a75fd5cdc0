import AnnData
import Foundation
import Gzip

/// The numbers entry lines are made of, formatted once: each gene's 1-based number and a space,
/// and the whole numbers below 1,000 (most counts) with a newline. Each sits in a fixed-size
/// slot, so a line is put together from copies of constant length (only the text's own length
/// is kept), with no division per digit.
struct EntryText: Sendable {
    static let geneSlot = 16
    static let valueSlot = 4
    static let smallValues = 1_000
    let genes: [UInt8]
    let geneLengths: [UInt8]
    let values: [UInt8]
    let valueLengths: [UInt8]

    init(columns: Int) {
        (genes, geneLengths) = Self.table(count: columns, slot: Self.geneSlot) { DecimalText.append($0 + 1, to: &$1); $1.append(0x20) }
        (values, valueLengths) = Self.table(count: Self.smallValues, slot: Self.valueSlot) { DecimalText.append($0, to: &$1); $1.append(0x0A) }
    }

    private static func table(count: Int, slot: Int, _ text: (Int, inout [UInt8]) -> Void) -> ([UInt8], [UInt8]) {
        var bytes = [UInt8](repeating: 0, count: count * slot), lengths = [UInt8](repeating: 0, count: count)
        var line: [UInt8] = []
        for k in 0..<count {
            line.removeAll(keepingCapacity: true)
            text(k, &line)
            bytes.replaceSubrange((k * slot)..<(k * slot + line.count), with: line)
            lengths[k] = UInt8(line.count)
        }
        return (bytes, lengths)
    }
}

/// Formats one thread's rows of a chunk as Matrix Market entries `gene cell value` (1-based;
/// a row of X is a cell, so a column of the genes × cells file) into its own buffer.
final class EntryFormatter {
    enum Values: Equatable {
        /// Stored as integers (or booleans): written as integers.
        case integers
        /// Floating-point, written as integers as long as each is a whole number: the first that
        /// is not stops the formatting (`format` returns false).
        case wholeNumbers
        /// Written as the shortest text that reads back as the same float32 or float64.
        case reals(float32: Bool)

        var field: String { self == .wholeNumbers || self == .integers ? "integer" : "real" }
    }

    /// Most bytes one entry takes (gene ≤ 16, cell ≤ 21, value ≤ 26), plus the slack that the
    /// fixed-size copies write past the text.
    private static let entryBound = 96

    let values: Values
    private let text: EntryText
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity = 1 << 20
    /// Bytes formatted by the last `format`.
    private(set) var count = 0
    /// Nonzero entries formatted by the last `format`.
    private(set) var entries = 0

    init(values: Values, text: EntryText) {
        self.values = values
        self.text = text
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The last `format`'s text as one gzip member, after `compress`.
    private var compressed: ArraySlice<UInt8>?

    /// Formats the nonzero entries of `rows`; false when `.wholeNumbers` met one that is not.
    func format(_ chunk: RowChunk, rows: Range<Int>) -> Bool {
        count = 0
        compressed = nil
        entries = 0
        return chunk.values.withUnsafeBufferPointer { values in
            chunk.columns.withUnsafeBufferPointer { columns in
                withTables { tables in
                    rows.allSatisfy { k in
                        formatRow(chunk.entries(ofRow: k), values: values, columns: columns, line: Line(tables, cell: chunk.firstRow + k + 1))
                    }
                }
            }
        }
    }

    private typealias Tables = (UnsafePointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafePointer<UInt8>, UnsafeBufferPointer<UInt8>)

    private func withTables<T>(_ body: (Tables) -> T) -> T {
        text.genes.withUnsafeBufferPointer { genes in
            text.geneLengths.withUnsafeBufferPointer { geneLengths in
                text.values.withUnsafeBufferPointer { values in
                    text.valueLengths.withUnsafeBufferPointer { body((genes.baseAddress!, geneLengths, values.baseAddress!, $0)) }
                }
            }
        }
    }

    /// What every entry of a row shares: the tables of `EntryText`, the row's cell number and a space.
    private struct Line {
        let genes: UnsafePointer<UInt8>
        let geneLengths: UnsafeBufferPointer<UInt8>
        let smallValues: UnsafePointer<UInt8>
        let smallLengths: UnsafeBufferPointer<UInt8>
        var cell: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var cellLength = 0

        init(_ tables: Tables, cell number: Int) {
            (genes, geneLengths, smallValues, smallLengths) = tables
            var digits: [UInt8] = []
            DecimalText.append(number, to: &digits)
            digits.append(0x20)
            cellLength = digits.count
            withUnsafeMutableBytes(of: &cell) { $0.copyBytes(from: digits) }
        }
    }

    private func formatRow(_ range: Range<Int>, values: UnsafeBufferPointer<Double>, columns: UnsafeBufferPointer<Int32>, line: Line) -> Bool {
        reserve(range.count * Self.entryBound)
        var out = buffer + count
        var cell = line.cell
        defer { count = out - buffer }
        for e in range {
            let value = values[e]
            guard value != 0 else { continue }
            let column = Int(columns[e])
            UnsafeMutableRawPointer(out).copyMemory(from: line.genes + column &* EntryText.geneSlot, byteCount: EntryText.geneSlot)
            out += Int(line.geneLengths[column])
            withUnsafeBytes(of: &cell) { UnsafeMutableRawPointer(out).copyMemory(from: $0.baseAddress!, byteCount: 24) }
            out += line.cellLength
            guard let end = append(value, at: out, line: line) else { return false }
            out = end
            entries += 1
        }
        return true
    }

    /// Writes `value` and a newline at `out`; returns the end, or nil for `.wholeNumbers` when
    /// `value` is not a whole number (or too large to be sure of one).
    private func append(_ value: Double, at out: UnsafeMutablePointer<UInt8>, line: Line) -> UnsafeMutablePointer<UInt8>? {
        if case .reals(let float32) = values {
            return DecimalText.append(float32 ? Float(value).description : value.description, at: out)
        }
        if value > 0, value < Double(EntryText.smallValues) {
            let small = Int(value)
            if Double(small) == value {
                UnsafeMutableRawPointer(out).copyMemory(from: line.smallValues + small * EntryText.valueSlot, byteCount: EntryText.valueSlot)
                return out + Int(line.smallLengths[small])
            }
        }
        guard let whole = Int(exactly: value), abs(value) <= 1e15 || values == .integers else {
            return values == .integers ? DecimalText.append(String(format: "%.0f", value), at: out) : nil
        }
        return DecimalText.append(whole, at: out)
    }

    func compress(with compressor: GzipCompressor) {
        compressed = compressor.member(of: UnsafeRawBufferPointer(start: buffer, count: count))
    }

    /// Writes the last `format`'s text, or its gzip member after `compress`.
    func write(to output: BlockOutput) throws {
        if let compressed { try output.writeBlock(compressed) } else { try output.writeBlock(UnsafeRawBufferPointer(start: buffer, count: count)) }
    }

    /// Room for `bytes` more after the formatted ones.
    private func reserve(_ bytes: Int) {
        guard count + bytes > capacity else { return }
        capacity = max(capacity * 2, count + bytes)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        larger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = larger
    }
}

/// Integers as ASCII digits, without making Strings.
enum DecimalText {
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        var digits = [UInt8](repeating: 0, count: 21)
        let end = digits.withUnsafeMutableBufferPointer { append(value, at: $0.baseAddress!) - $0.baseAddress! }
        bytes += digits[..<(end - 1)] // without the newline
    }

    /// Writes `value`'s digits and a newline at `out`; returns the end.
    static func append(_ value: Int, at out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var start = out
        if value < 0 {
            start.pointee = 0x2D
            start += 1
        }
        var magnitude = value.magnitude, digits = 1
        while magnitude >= 10 {
            magnitude /= 10
            digits += 1
        }
        magnitude = value.magnitude
        for k in stride(from: digits - 1, through: 0, by: -1) {
            start[k] = UInt8(magnitude % 10) + 0x30
            magnitude /= 10
        }
        start[digits] = 0x0A
        return start + digits + 1
    }

    /// Writes `text` and a newline at `out`; returns the end.
    static func append(_ text: String, at out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var end = out
        for byte in text.utf8 {
            end.pointee = byte
            end += 1
        }
        end.pointee = 0x0A
        return end + 1
    }
}
