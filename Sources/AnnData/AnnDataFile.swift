import Foundation
import HDF5Kit

/// An h5ad file opened read-only: shape, obs/var, X layout, uns.
public final class AnnDataFile: Sendable {
    public let url: URL
    let root: H5Group
    /// Cells (rows) and genes (columns).
    public let shape: (obs: Int, vars: Int)
    /// X's layout, or nil when the file has no X.
    public let x: MatrixInfo?

    /// Opens `url` and checks its root, obs, var and X encodings.
    public init(url: URL) throws {
        self.url = url
        // Rows of X are read as many small runs; whole-column reads are larger than the buffer anyway.
        let root = try annData { try H5File.open(url, sieveBufferBytes: 0).root() }
        self.root = root
        let encoding = Encoding(of: root)
        // Files from anndata < 0.8 may carry no root encoding; obs and var decide then.
        guard encoding.type == "anndata" || encoding.type.isEmpty else { throw encoding.unsupported(root) }
        let obsCount = try annData { try DataFrameLayout(root, "obs").rowCount() }
        let varCount = try annData { try DataFrameLayout(root, "var").rowCount() }
        shape = (obsCount, varCount)
        let x = try annData { try Self.matrixInfo(root) }
        self.x = x
        if let x, x.rows != obsCount || x.columns != varCount {
            throw AnnDataError.malformed(file: url.path, element: "/X",
                                         reason: "shape \(x.rows) × \(x.columns) does not match obs × var \(obsCount) × \(varCount)")
        }
    }

    public var obsIndexName: String { (try? DataFrameLayout(root, "obs").indexName) ?? "" }
    public var varIndexName: String { (try? DataFrameLayout(root, "var").indexName) ?? "" }

    public func obsNames() throws -> [String] { try annData { try DataFrameLayout(root, "obs").index() } }
    public func varNames() throws -> [String] { try annData { try DataFrameLayout(root, "var").index() } }
    public func obsColumnNames() throws -> [String] { try annData { try DataFrameLayout(root, "obs").columnOrder } }
    public func varColumnNames() throws -> [String] { try annData { try DataFrameLayout(root, "var").columnOrder } }

    public func obsColumn(_ name: String) throws -> DataFrameColumn {
        try annData { try DataFrameLayout(root, "obs").column(name) }
    }

    public func varColumn(_ name: String) throws -> DataFrameColumn {
        try annData { try DataFrameLayout(root, "var").column(name) }
    }

    public func readObs() throws -> DataFrame { try annData { try DataFrameLayout(root, "obs").read() } }

    /// obs columns at `rows` only (in that order), read with point selections, plus the index name.
    public func readObsColumns(rows: [Int]) throws -> DataFrame {
        try annData {
            let layout = try DataFrameLayout(root, "obs")
            var frame = DataFrame(indexName: layout.indexName, index: [], columnNames: layout.columnOrder)
            for name in layout.columnOrder { frame.columns[name] = try layout.column(name, rows: rows) }
            return frame
        }
    }
    public func readVar() throws -> DataFrame { try annData { try DataFrameLayout(root, "var").read() } }

    /// The `uns` mapping (empty when absent).
    public func readUns() throws -> [String: UnsValue] {
        try annData {
            guard root.kind(of: "uns") == .group else { return [:] }
            return try UnsReader.readDict(try root.group("uns"))
        }
    }

    /// Top-level `uns` keys with their encoding, without reading values.
    public func unsKeys() throws -> [(key: String, encoding: String)] {
        try annData {
            guard root.kind(of: "uns") == .group else { return [] }
            let uns = try root.group("uns")
            return try uns.memberNames().map { name in
                let object: H5Object = uns.kind(of: name) == .group ? try uns.group(name) : try uns.dataset(name)
                return (name, Encoding(of: object).type)
            }
        }
    }

    static func matrixInfo(_ root: H5Group) throws -> MatrixInfo? {
        switch root.kind(of: "X") {
        case nil: return nil
        case .dataset:
            let x = try root.dataset("X")
            let encoding = Encoding(of: x)
            guard encoding.type == "array" || encoding.type.isEmpty, x.shape.count == 2 else { throw encoding.unsupported(x) }
            guard x.elementType.isNumeric || x.elementType == .bool else { throw malformed(x, "X of element type \(x.elementType)") }
            return MatrixInfo(encoding: .dense, dtype: x.elementType, rows: x.shape[0], columns: x.shape[1], nnz: nil)
        case .group:
            let x = try root.group("X")
            let encoding = Encoding(of: x)
            guard encoding == .csr || encoding == .csc else { throw encoding.unsupported(x) }
            let shape = try x.numericAttribute("shape", as: Int64.self)
            guard shape.count == 2 else { throw malformed(x, "shape attribute has \(shape.count) values") }
            let data = try x.dataset("data")
            guard data.elementType.isNumeric || data.elementType == .bool else { throw malformed(data, "values of element type \(data.elementType)") }
            let indices = try x.dataset("indices")
            let indptr = try x.dataset("indptr")
            let major = Int(encoding == .csr ? shape[0] : shape[1])
            guard indptr.shape == [major + 1], indices.shape == data.shape else {
                throw malformed(x, "indptr has \(indptr.shape) entries for \(major) rows, indices \(indices.shape) vs data \(data.shape)")
            }
            return MatrixInfo(encoding: encoding == .csr ? .csr : .csc, dtype: data.elementType,
                              rows: Int(shape[0]), columns: Int(shape[1]), nnz: data.count)
        case .other?:
            throw AnnDataError.malformed(file: root.file.path, element: "/X", reason: "neither a group nor a dataset")
        }
    }
}
