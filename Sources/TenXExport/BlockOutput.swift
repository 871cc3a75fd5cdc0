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

    var isCompressed: Bool { !compressors.isEmpty }

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

    /// Writes bytes that `overwrite` may later replace with as many others: as they are, or as
    /// a stored gzip member (whose length does not depend on the bytes).
    func writeReplaceable(_ bytes: [UInt8]) throws {
        try writeBlock((isCompressed ? GzipCompressor.storedMember(of: bytes) : bytes)[...])
    }

    /// Overwrites what `writeReplaceable` wrote first in the file with `bytes` of the same length.
    func overwriteStart(with bytes: [UInt8]) throws {
        let block = isCompressed ? GzipCompressor.storedMember(of: bytes) : bytes
        let written = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, 0) }
        guard written == block.count else { throw ExportError(path: path, message: "cannot write: \(String(cString: strerror(errno)))") }
    }

    /// Empties the file, to write it again from its start.
    func rewind() throws {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw ExportError(path: path, message: "cannot truncate: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes bytes as they are (already a gzip member, for a compressed file).
    func writeBlock(_ bytes: ArraySlice<UInt8>) throws {
        try bytes.withUnsafeBytes { try writeBlock($0) }
    }

    func writeBlock(_ raw: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < raw.count {
            let n = Foundation.write(descriptor, raw.baseAddress! + done, raw.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw ExportError(path: path, message: "cannot write: \(String(cString: strerror(errno)))") }
            done += n
        }
    }

    /// Nothing is buffered here; the descriptor closes with the object. No fsync: like the
    /// other outputs, the folder is put in place by rename without waiting for the disk.
    func close() throws {}
}
