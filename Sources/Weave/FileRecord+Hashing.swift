import Checksums
import Foundation

extension FileRecord {
    /// A record of the file at `url` with its current size and MD5 (read in full).
    public init(hashing url: URL, role: Role) throws {
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int64 ?? 0
        self.init(path: url.path, role: role, size: size, md5: try FileDigest.md5(of: url))
    }
}
