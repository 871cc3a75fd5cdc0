import CHDF5

/// A group or dataset: something with a path that carries attributes.
public protocol H5Object: AnyObject {
    var file: H5File { get }
    /// Absolute path inside the file, e.g. `/X/data`.
    var path: String { get }
    var id: hid_t { get }
}

extension H5Object {
    func error(_ operation: String, stack: String = "") -> HDF5Error {
        HDF5Error(file: file.path, object: path, operation: operation, stack: stack)
    }

    @discardableResult
    func check<T: BinaryInteger>(_ status: T, _ operation: @autoclosure () -> String) throws -> T {
        try HDF5.check(status, file: file.path, object: path, operation())
    }

    func childPath(_ name: String) -> String {
        name.hasPrefix("/") ? name : (path == "/" ? "/" + name : path + "/" + name)
    }
}

/// Text of a NUL-terminated C buffer.
func string(fromCBuffer buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
