/// One file of a release, named as the Python package names it: a metadata table by its stem
/// (`cell_metadata`), an expression matrix as `<tag>/<kind>` (`WMB-10Xv3-MB/raw`).
public struct AtlasFile: Sendable, Equatable, Hashable {
    public let directory: String
    /// The manifest kind: `metadata`, `expression_matrices`, …
    public let kind: String
    public let name: String
    /// The extension key in the manifest (`csv`, `h5ad`).
    public let fileType: String
    public let version: String
    public let relativePath: String
    public let size: Int64
    /// MD5 hex from the manifest.
    public let md5: String

    public var fileName: String { relativePath.split(separator: "/").last.map(String.init) ?? relativePath }
    public var isExpressionMatrix: Bool { kind == "expression_matrices" }
}
