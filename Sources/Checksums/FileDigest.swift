import Crypto
import Foundation

/// MD5 and SHA-256 of files and bytes: see `Checksum` for which is used where.
public enum FileDigest {
    /// MD5 hex of a file's content, mapped into memory a window at a time, or read in blocks
    /// when it cannot be mapped.
    public static func md5(of url: URL) throws -> String {
        var hasher = Insecure.MD5()
        try hashFile(url, into: &hasher)
        return hex(hasher.finalize())
    }

    /// SHA-256 hex of a file's content, read as `md5(of:)` reads it.
    public static func sha256(of url: URL) throws -> String {
        var hasher = SHA256()
        try hashFile(url, into: &hasher)
        return hex(hasher.finalize())
    }

    private static func hashFile<H: HashFunction>(_ url: URL, into hasher: inout H) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        let mapped = hashMapped(&hasher, descriptor: handle.fileDescriptor, bytes: 0..<size)
        if mapped < size {
            try handle.seek(toOffset: UInt64(mapped))
            while let block = try handle.read(upToCount: window), !block.isEmpty {
                hasher.update(data: block)
            }
        }
    }

    /// Bytes mapped (or read) at a time; a multiple of the page size.
    static let window = 1 << 20

    /// Feeds `bytes` of the file to `hasher` through memory maps of at most `window` bytes (no copy
    /// through read buffers; unmapping each window keeps the resident size at one window whatever
    /// the file's size). Returns where it stopped: `bytes.upperBound`, or earlier if a map failed.
    static func hashMapped<H: HashFunction>(_ hasher: inout H, descriptor: Int32, bytes: Range<Int>) -> Int {
        var offset = bytes.lowerBound
        while offset < bytes.upperBound {
            // Maps start on a page boundary; the bytes before `offset` in the first page are skipped.
            let start = offset - offset % pageSize
            let count = min(window, bytes.upperBound - start)
            guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, off_t(start)), mapped != MAP_FAILED else { break }
            _ = madvise(mapped, count, MADV_SEQUENTIAL)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: mapped + (offset - start), count: count - (offset - start)))
            munmap(mapped, count)
            offset = start + count
        }
        return offset
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// MD5 hex of bytes in memory.
    public static func md5(of data: some DataProtocol) -> String {
        hex(Insecure.MD5.hash(data: data))
    }

    /// SHA-256 of bytes in memory as base64 (the form of a Content-Security-Policy hash).
    public static func sha256Base64(of data: some DataProtocol) -> String {
        Data(SHA256.hash(data: data)).base64EncodedString()
    }

    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
