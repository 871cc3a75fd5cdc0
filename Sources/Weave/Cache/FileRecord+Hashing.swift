import Checksums
import Foundation

extension FileRecord {
    /// A record of the file at `url` with its current size and its role's checksum (read in full).
    public init(hashing url: URL, role: Role) throws {
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int64 ?? 0
        self.init(path: url.path, role: role, size: size, checksum: try Checksum(of: url, Self.algorithm(for: role)))
    }
}
