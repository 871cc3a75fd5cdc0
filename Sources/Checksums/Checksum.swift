import Foundation

/// A file's checksum with the algorithm that made it. Files read are identified by MD5, as the
/// atlas manifests give it; files atlasweave writes by SHA-256, which the processor computes in
/// hardware at twice MD5's speed (`sha256sum` checks them).
public struct Checksum: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Algorithm: String, Codable, Sendable {
        case md5, sha256
    }

    public let algorithm: Algorithm
    /// Lower-case hex digest.
    public let hex: String

    public init(_ algorithm: Algorithm, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }

    /// The checksum of the file at `url`, read in full.
    public init(of url: URL, _ algorithm: Algorithm) throws {
        switch algorithm {
        case .md5: self.init(.md5, hex: try FileDigest.md5(of: url))
        case .sha256: self.init(.sha256, hex: try FileDigest.sha256(of: url))
        }
    }

    /// "md5:…" or "sha256:…".
    public var description: String { "\(algorithm.rawValue):\(hex)" }
}
