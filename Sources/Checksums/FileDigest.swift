import Crypto
import Foundation

/// MD5 of files, as the atlas manifests' `file_hash` and the provenance section record them.
public enum FileDigest {
    /// MD5 hex of a file's content, read in 4 MiB blocks.
    public static func md5(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = Insecure.MD5()
        while let block = try handle.read(upToCount: 4 << 20), !block.isEmpty {
            hasher.update(data: block)
        }
        return hex(hasher.finalize())
    }

    /// MD5 hex of bytes in memory.
    public static func md5(of data: some DataProtocol) -> String {
        hex(Insecure.MD5.hash(data: data))
    }

    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
