import CHDF5
import Foundation

/// An open HDF5 file. Objects opened from it keep it alive; it is closed when the last goes.
public final class H5File: Sendable {
    public let path: String
    let handle: H5Handle

    private init(path: String, id: hid_t) {
        self.path = path
        handle = H5Handle(id, close: H5Fclose)
    }

    /// Opens an existing file read-only. `sieveBufferBytes` caps HDF5's data sieve buffer (64 KiB by
    /// default), which otherwise turns each small scattered read into a 64 KiB one.
    public static func open(_ url: URL, sieveBufferBytes: Int? = nil) throws -> H5File {
        try HDF5.sync {
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw HDF5Error(file: url.path, object: "/", operation: "open: no such file")
            }
            guard H5Fis_hdf5(url.path) > 0 else {
                _ = HDF5.takeErrorStack()
                throw HDF5Error(file: url.path, object: "/", operation: "open: not an HDF5 file (or truncated: no valid superblock)")
            }
            let access = H5Handle.plist(try HDF5.check(H5Pcreate(chdf5_p_file_access()), file: url.path, object: "/", "create access properties"))
            if let bytes = sieveBufferBytes {
                try HDF5.check(H5Pset_sieve_buf_size(access.id, bytes), file: url.path, object: "/", "set sieve buffer")
            }
            let id = try HDF5.check(H5Fopen(url.path, chdf5_acc_rdonly(), access.id), file: url.path, object: "/", "open read-only")
            return H5File(path: url.path, id: id)
        }
    }

    /// Creates a file, replacing any file at `url`. Its objects carry no timestamps, so the same
    /// content gives the same bytes.
    public static func create(_ url: URL) throws -> H5File {
        try HDF5.sync {
            let creation = try HDF5.untimedCreationProperties(chdf5_p_file_create(), file: url.path, object: "/")
            let id = try HDF5.check(H5Fcreate(url.path, chdf5_acc_trunc(), creation.id, HDF5.defaultProperties),
                                    file: url.path, object: "/", "create")
            return H5File(path: url.path, id: id)
        }
    }

    /// The root group.
    public func root() throws -> H5Group {
        try HDF5.sync {
            let id = try HDF5.check(H5Gopen2(handle.id, "/", HDF5.defaultProperties), file: path, object: "/", "open root group")
            return H5Group(file: self, path: "/", id: id)
        }
    }

    /// Bytes before the HDF5 data (addresses are relative to its end), and the widths of
    /// addresses and lengths in the file: what reading storage without the library needs.
    var storageGeometry: (userBlock: Int, addressSize: Int, lengthSize: Int)? {
        HDF5.sync {
            let plist = H5Fget_create_plist(handle.id)
            guard plist >= 0 else { _ = HDF5.takeErrorStack(); return nil }
            defer { H5Pclose(plist) }
            var userBlock: hsize_t = 0, addressSize = 0, lengthSize = 0
            guard H5Pget_userblock(plist, &userBlock) >= 0, H5Pget_sizes(plist, &addressSize, &lengthSize) >= 0 else {
                _ = HDF5.takeErrorStack()
                return nil
            }
            return (Int(userBlock), addressSize, lengthSize)
        }
    }

    /// Writes buffered data to disk.
    public func flush() throws {
        try HDF5.sync {
            _ = try HDF5.check(H5Fflush(handle.id, H5F_SCOPE_GLOBAL), file: path, object: "/", "flush")
        }
    }
}
