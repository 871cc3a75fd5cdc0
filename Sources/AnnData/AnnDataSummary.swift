import Foundation
import HDF5Kit

/// What `atlasweave inspect` and `file-summary` show about an h5ad file.
public struct AnnDataSummary: Sendable {
    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: String

        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    public var path: String
    public var cells: Int
    public var genes: Int
    public var obsIndexName: String
    public var varIndexName: String
    public var x: MatrixInfo?
    public var obsColumns: [Column]
    public var varColumns: [Column]
    /// Top-level uns keys and their encoding-type.
    public var unsKeys: [Column]

    /// Plain-text lines, in the style of anndata's repr.
    public var lines: [String] {
        var lines = ["\(path): AnnData \(cells) × \(genes) (obs index '\(obsIndexName)', var index '\(varIndexName)')"]
        if let x {
            let nnz = x.nnz.map { ", nnz \($0)" } ?? ""
            lines.append("X: \(x.encoding.rawValue) \(x.dtype)\(nnz)")
        } else {
            lines.append("X: none")
        }
        lines.append("obs: " + obsColumns.map { "\($0.name) (\($0.type))" }.joined(separator: ", "))
        lines.append("var: " + varColumns.map { "\($0.name) (\($0.type))" }.joined(separator: ", "))
        lines.append("uns: " + unsKeys.map(\.name).joined(separator: ", "))
        return lines
    }
}

extension AnnDataFile {
    /// Shape, X layout, obs/var column types (from metadata, without reading values) and uns keys.
    public func summary() throws -> AnnDataSummary {
        try annData {
            let obs = try DataFrameLayout(root, "obs"), vars = try DataFrameLayout(root, "var")
            return AnnDataSummary(path: url.path, cells: shape.obs, genes: shape.vars,
                                  obsIndexName: obs.indexName, varIndexName: vars.indexName, x: x,
                                  obsColumns: try obs.describeColumns(), varColumns: try vars.describeColumns(),
                                  unsKeys: try unsKeys().map { AnnDataSummary.Column(name: $0.key, type: $0.encoding) })
        }
    }
}
