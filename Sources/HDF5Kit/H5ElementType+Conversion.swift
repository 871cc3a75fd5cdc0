import CHDF5

extension H5ElementType {
    /// Converts `count` values of this numeric type at the start of `buffer` into `target`, in place,
    /// with the library's own conversion (what a write with a different memory type does). The
    /// buffer must hold `count` values of the wider of the two types. A bool is read as its 0/1 byte.
    /// Errors name `file` and `object`, where the values came from.
    public func convert(_ buffer: UnsafeMutableRawPointer, count: Int, to target: H5ElementType, file: String, object: String) throws {
        guard self != target, count > 0 else { return }
        let source = self == .bool ? H5ElementType.uint8 : self
        guard source.isNumeric, target.isNumeric else {
            throw HDF5Error(file: file, object: object, operation: "convert \(self) values to \(target): not numeric")
        }
        try HDF5.sync {
            _ = try HDF5.check(H5Tconvert(source.nativeID, target.nativeID, count, buffer, nil, HDF5.defaultProperties),
                           file: file, object: object, "convert \(count) \(self) values to \(target)")
        }
    }
}
