import CHDF5
import Foundation

/// Process-wide access to libhdf5: it is not thread-safe, so every call goes through one lock.
public enum HDF5 {
    private static let lock = NSRecursiveLock()

    /// libhdf5 keeps freed blocks on free lists of its own, up to 21 MB by default, that malloc
    /// (which keeps freed memory too) never sees again: capped at 2.5 MB, once, before the first call.
    private static let freeListsCapped: Void = {
        _ = H5set_free_list_limits(256 << 10, 64 << 10, 1 << 20, 256 << 10, 1 << 20, 256 << 10)
    }()

    /// Runs `body` while holding the library lock (re-entrant).
    @inline(__always)
    public static func sync<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = freeListsCapped
        // A thread-safe libhdf5 keeps the automatic error printer per thread, so turn it off on
        // whichever thread calls in (a cheap pointer store).
        _ = chdf5_disable_error_printing()
        return try body()
    }

    /// The current HDF5 error stack as text; clears it.
    static func takeErrorStack() -> String {
        var buffer = [CChar](repeating: 0, count: 2048)
        let count = buffer.count
        buffer.withUnsafeMutableBufferPointer { chdf5_error_stack($0.baseAddress, count) }
        return string(fromCBuffer: buffer)
    }

    /// Throws an `HDF5Error` (with the error stack) when `status` is negative; returns it otherwise.
    @discardableResult
    static func check<T: BinaryInteger>(_ status: T, file: String, object: String, _ operation: @autoclosure () -> String) throws -> T {
        if status < 0 {
            throw HDF5Error(file: file, object: object, operation: operation(), stack: takeErrorStack())
        }
        return status
    }

    /// A creation property list of `kind` (file, group or dataset) with object timestamps off:
    /// they would make two writes of the same content differ.
    static func untimedCreationProperties(_ kind: hid_t, file: String, object: String) throws -> H5Handle {
        let plist = H5Handle.plist(try check(H5Pcreate(kind), file: file, object: object, "create properties"))
        try check(H5Pset_obj_track_times(plist.id, false), file: file, object: object, "turn off timestamps")
        return plist
    }

    static let defaultProperties: hid_t = 0
    static let allSelection: hid_t = 0
}

/// An HDF5 identifier that is closed with `close` when the owner goes away.
final class H5Handle: Sendable {
    let id: hid_t
    private let close: @Sendable (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping @Sendable (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit { HDF5.sync { _ = close(id) } }

    static func type(_ id: hid_t) -> H5Handle { H5Handle(id, close: H5Tclose) }
    static func space(_ id: hid_t) -> H5Handle { H5Handle(id, close: H5Sclose) }
    static func plist(_ id: hid_t) -> H5Handle { H5Handle(id, close: H5Pclose) }
}
