import Crypto
import Foundation

/// MD5 of files, as the atlas manifests' `file_hash` and the provenance section record them.
public enum FileDigest {
    /// MD5 hex of a file's content, mapped into memory a window at a time (no copy through read
    /// buffers; unmapping each window keeps the resident size at one window whatever the file's
    /// size), or read in blocks when it cannot be mapped.
    public static func md5(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = Insecure.MD5()
        let size = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        var offset = 0
        while offset < size {
            let count = min(window, size - offset)
            guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, handle.fileDescriptor, off_t(offset)), mapped != MAP_FAILED else { break }
            _ = madvise(mapped, count, MADV_SEQUENTIAL)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: mapped, count: count))
            munmap(mapped, count)
            offset += count
        }
        if offset < size {
            try handle.seek(toOffset: UInt64(offset))
            while let block = try handle.read(upToCount: window), !block.isEmpty {
                hasher.update(data: block)
            }
        }
        return hex(hasher.finalize())
    }

    /// Bytes mapped (or read) at a time; a multiple of the page size.
    private static let window = 4 << 20

    /// MD5 hex of bytes in memory.
    public static func md5(of data: some DataProtocol) -> String {
        hex(Insecure.MD5.hash(data: data))
    }

    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
