import HDF5Kit

/// How X is stored and how big it is.
public struct MatrixInfo: Sendable, Equatable {
    public enum Encoding: String, Sendable {
        case csr = "csr_matrix"
        case csc = "csc_matrix"
        case dense = "array"
    }

    public var encoding: Encoding
    /// Element type of the values (`X/data` for sparse matrices).
    public var dtype: H5ElementType
    public var rows: Int
    public var columns: Int
    /// Stored entries of a sparse matrix; nil for dense X.
    public var nnz: Int?

    public init(encoding: Encoding, dtype: H5ElementType, rows: Int, columns: Int, nnz: Int?) {
        self.encoding = encoding
        self.dtype = dtype
        self.rows = rows
        self.columns = columns
        self.nnz = nnz
    }
}
