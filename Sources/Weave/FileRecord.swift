import Foundation

/// A file a stage read or wrote, for the provenance section and the stage cache.
public struct FileRecord: Sendable, Codable, Equatable {
    public enum Role: String, Sendable, Codable { case input, output }

    public let path: String
    public let role: Role
    public let size: Int64
    /// MD5 hex of the content.
    public let md5: String

    public init(path: String, role: Role, size: Int64, md5: String) {
        self.path = path
        self.role = role
        self.size = size
        self.md5 = md5
    }
}
