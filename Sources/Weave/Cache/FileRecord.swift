import Checksums
import Foundation

/// A file a stage read or wrote, for the provenance section and the stage cache.
public struct FileRecord: Sendable, Codable, Equatable {
    public enum Role: String, Sendable, Codable { case input, output }

    public let path: String
    public let role: Role
    public let size: Int64
    public let checksum: Checksum

    public init(path: String, role: Role, size: Int64, checksum: Checksum) {
        self.path = path
        self.role = role
        self.size = size
        self.checksum = checksum
    }

    /// MD5 for files a stage reads, SHA-256 for files it writes (see `Checksum`).
    public static func algorithm(for role: Role) -> Checksum.Algorithm { role == .input ? .md5 : .sha256 }
}
