import AnnData
import Foundation
import Gzip

/// A file written in blocks, plain or as one gzip member per block (with a compressor for each
/// of two threads).
final class BlockOutput {
    private let path: String
    private let descriptor: Int32
    private let compressors: [GzipCompressor]

    init(url: URL, compressionLevel: Int?) throws {
        path = url.path
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw ExportError(path: url.path, message: "cannot create: \(String(cString: strerror(errno)))") }
        do {
            compressors = try compressionLevel.map { level in try (0..<2).map { _ in try GzipCompressor(level: level) } } ?? []
        } catch let error as GzipError {
            Foundation.close(descriptor)
            throw ExportError(path: url.path, message: error.message)
        } catch {
            Foundation.close(descriptor)
            throw error
        }
    }

    deinit { Foundation.close(descriptor) }

    /// Worker `w`'s compressor, or nil for a plain file.
    func compressor(_ w: Int) -> GzipCompressor? { compressors.isEmpty ? nil : compressors[w] }

    /// Writes `bytes`, compressed first when the file is.
    func write(_ bytes: [UInt8]) throws {
        if let compressor = compressor(0) {
            try writeBlock(compressor.member(of: bytes))
        } else {
            try writeBlock(bytes[...])
        }
    }

    /// Writes bytes as they are (already a gzip member, for a compressed file).
    func writeBlock(_ bytes: ArraySlice<UInt8>) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Foundation.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw ExportError(path: path, message: "cannot write: \(String(cString: strerror(errno)))") }
                done += n
            }
        }
    }

    /// Nothing is buffered here; the descriptor closes with the object. No fsync: like the
    /// other outputs, the folder is put in place by rename without waiting for the disk.
    func close() throws {}
}

/// Formats one thread's rows of a chunk as Matrix Market entries `gene cell value` (1-based;
/// a row of X is a cell, so a column of the genes × cells file), compressed when asked.
struct EntryFormatter {
    let integer: Bool
    let float32: Bool
    private var text: [UInt8] = []
    private(set) var block: ArraySlice<UInt8> = []

    init(integer: Bool, float32: Bool) {
        self.integer = integer
        self.float32 = float32
    }

    mutating func format(_ chunk: RowChunk, rows: Range<Int>, compressor: GzipCompressor?) {
        text.removeAll(keepingCapacity: true)
        for k in rows {
            let cell = chunk.firstRow + k + 1
            for e in chunk.entries(ofRow: k) {
                let value = chunk.values[e]
                guard value != 0 else { continue }
                DecimalText.append(Int(chunk.columns[e]) + 1, to: &text)
                text.append(0x20)
                DecimalText.append(cell, to: &text)
                text.append(0x20)
                if integer {
                    DecimalText.append(Int(value), to: &text)
                } else {
                    text += (float32 ? Float(value).description : value.description).utf8
                }
                text.append(0x0A)
            }
        }
        block = compressor.map { $0.member(of: text) } ?? text[...]
    }
}

/// Integers as ASCII digits, without making Strings.
enum DecimalText {
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }
}
