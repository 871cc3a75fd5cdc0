/// A directory of a release (`WMB-10Xv3`) with what it holds per kind.
public struct AtlasDirectory: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public let kind: String
        public let version: String
        public let relativePath: String
        public let totalSize: Int64
    }

    public let name: String
    public let parts: [Part]

    public var totalSize: Int64 { parts.reduce(0) { $0 + $1.totalSize } }
    public var kinds: [String] { parts.map(\.kind) }
}
