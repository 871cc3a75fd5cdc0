import HDF5Kit

/// Why an h5ad file could not be read or written.
public enum AnnDataError: Error, CustomStringConvertible, Sendable {
    /// libhdf5 failed (missing, truncated or non-HDF5 file, unreadable object).
    case hdf5(HDF5Error)
    /// An element whose encoding this reader does not handle.
    case unsupportedEncoding(file: String, element: String, encodingType: String, encodingVersion: String)
    /// An element that breaks the AnnData format (missing part, wrong length or type).
    case malformed(file: String, element: String, reason: String)
    /// None of the requested cells occurs in any of the matrices.
    case noCellsFound(requested: Int, matrices: [String])
    /// A file-system step (temporary file, rename) failed.
    case io(path: String, message: String)
    /// A file the checker (`SafeOpen`) could not read through, crashed or hung on.
    case invalidFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .hdf5(let error):
            return "h5ad: \(error)"
        case let .unsupportedEncoding(file, element, type, version):
            let encoding = type.isEmpty ? "no encoding-type attribute" : "encoding-type '\(type)' version '\(version)'"
            return "\(file): \(element): unsupported AnnData element (\(encoding))"
        case let .malformed(file, element, reason):
            return "\(file): \(element): not valid AnnData: \(reason)"
        case let .noCellsFound(requested, matrices):
            return "none of the \(requested) requested cells was found in any matrix (\(matrices.joined(separator: ", ")))"
        case let .io(path, message):
            return "\(path): \(message)"
        case let .invalidFile(path, reason):
            return "\(path): not a valid h5ad (\(reason))"
        }
    }
}

/// Runs `body`, wrapping HDF5 errors as `AnnDataError.hdf5`.
@inline(__always)
func annData<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as HDF5Error { throw AnnDataError.hdf5(error) }
}
