import AtomicFiles
import Foundation
import TextFormats

/// Writes tables as CSV: a field is quoted only when it holds a comma, quote, CR or LF (quotes
/// doubled), records end with LF, missing numbers are empty. Files are written to a temporary
/// name beside the target and renamed into place.
public enum CSVWriter {
    /// Writes the given rows (all when nil), in that order, every column in table order,
    /// straight from the columns (no intermediate table).
    public static func write(_ table: Table, rows: [Int]? = nil, to url: URL) throws(TableError) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UInt32.random(in: .min ... .max)).part")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw TableError.io(path: temporary.path, message: "cannot create")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            func flushIfFull() throws {
                if buffer.count >= 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            for (i, name) in table.columnNames.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                appendField(name.utf8, to: &buffer)
            }
            buffer.append(10)
            for row in rows ?? Array(0..<table.rowCount) {
                guard row >= 0, row < table.rowCount else {
                    throw TableError.invalidArgument("\(table.source): row \(row) is out of range (0..<\(table.rowCount))")
                }
                for (i, column) in table.columns.enumerated() {
                    if i > 0 { buffer.append(UInt8(ascii: ",")) }
                    appendCell(column, row: row, to: &buffer)
                }
                buffer.append(10)
                try flushIfFull()
            }
            try handle.write(contentsOf: buffer)
            try handle.close()
            do { try AtomicFile.replace(url, with: temporary) } catch { throw TableError.io(path: url.path, message: error.message) }
        } catch let error as TableError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .io(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Appends a cell straight from the column's storage (string bytes from the dictionary).
    @inline(__always)
    static func appendCell(_ column: Column, row: Int, to buffer: inout [UInt8]) {
        switch column.storage {
        case .string(let codes, let dictionary):
            dictionary.bytes.withUnsafeBufferPointer { bytes in
                appendField(UnsafeBufferPointer(rebasing: bytes[dictionary.range(of: Int(codes[row]))]), to: &buffer)
            }
        case .int64, .double:
            buffer.append(contentsOf: column.text(at: row).utf8)
        }
    }

    /// Appends a number as a `Column` of doubles shows it: missing (NaN) as nothing, integral
    /// values without ".0", others as the shortest text that reads back as the same double.
    public static func appendNumber(_ value: Double, to buffer: inout [UInt8]) {
        guard !value.isNaN else { return }
        guard value.rounded() == value, abs(value) < 1e15 else {
            buffer.append(contentsOf: Column.format(value).utf8)
            return
        }
        var n = Int64(value)
        if n < 0 { buffer.append(UInt8(ascii: "-")) }
        n = abs(n)
        let start = buffer.count
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(n % 10))
            n /= 10
        } while n > 0
        buffer[start...].reverse()
    }

    /// Appends one field, quoted when it must be (a comma, quote, CR or LF; quotes doubled).
    @inline(__always)
    public static func appendField<Bytes: Collection<UInt8>>(_ bytes: Bytes, to buffer: inout [UInt8]) {
        CSVField.append(bytes, to: &buffer)
    }
}

/// One CSV record: fields quoted as `CSVWriter` quotes them, ended by LF.
public enum CSVLine {
    public static func append(_ fields: [String], to bytes: inout [UInt8]) {
        CSVField.appendRecord(fields, to: &bytes)
    }
}
