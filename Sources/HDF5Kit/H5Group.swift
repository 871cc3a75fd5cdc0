import CHDF5

/// An open HDF5 group.
public final class H5Group: H5Object, Sendable {
    public let file: H5File
    public let path: String
    let handle: H5Handle
    public var id: hid_t { handle.id }

    init(file: H5File, path: String, id: hid_t) {
        self.file = file
        self.path = path
        handle = H5Handle(id, close: H5Gclose)
    }

    /// What a link in a group points at.
    public enum MemberKind: Sendable { case group, dataset, other }

    /// Whether `name` (a relative path, possibly nested) exists.
    public func contains(_ name: String) -> Bool {
        HDF5.sync {
            var prefix = ""
            for part in name.split(separator: "/") {
                prefix += (prefix.isEmpty ? "" : "/") + part
                if H5Lexists(id, prefix, HDF5.defaultProperties) <= 0 {
                    _ = HDF5.takeErrorStack()
                    return false
                }
            }
            return true
        }
    }

    /// The kind of object at `name`, or nil if absent.
    public func kind(of name: String) -> MemberKind? {
        guard contains(name) else { return nil }
        return HDF5.sync {
            let object = H5Oopen(id, name, HDF5.defaultProperties)
            guard object >= 0 else { _ = HDF5.takeErrorStack(); return nil }
            defer { H5Oclose(object) }
            switch H5Iget_type(object) {
            case H5I_GROUP: return .group
            case H5I_DATASET: return .dataset
            default: return .other
            }
        }
    }

    /// Names of the links in this group, in name order.
    public func memberNames() throws -> [String] {
        try HDF5.sync {
            var info = H5G_info_t()
            try check(H5Gget_info(id, &info), "list members")
            var names: [String] = []
            for index in 0..<info.nlinks {
                let size = try check(H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, HDF5.defaultProperties), "read member name")
                var buffer = [CChar](repeating: 0, count: Int(size) + 1)
                try check(H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, HDF5.defaultProperties), "read member name")
                names.append(string(fromCBuffer: buffer))
            }
            return names
        }
    }

    public func group(_ name: String) throws -> H5Group {
        try HDF5.sync {
            guard contains(name) else { throw HDF5Error(file: file.path, object: childPath(name), operation: "open group: no such object") }
            let gid = try HDF5.check(H5Gopen2(id, name, HDF5.defaultProperties), file: file.path, object: childPath(name), "open group")
            return H5Group(file: file, path: childPath(name), id: gid)
        }
    }

    /// Opens a dataset. `chunkCacheBytes` sizes its chunk cache (HDF5's default is 1 MiB); 0 makes
    /// reads of an uncompressed chunked dataset go straight to the file instead of through
    /// whole-chunk copies, which is what scattered small reads want.
    public func dataset(_ name: String, chunkCacheBytes: Int? = nil) throws -> H5Dataset {
        try HDF5.sync {
            guard contains(name) else { throw HDF5Error(file: file.path, object: childPath(name), operation: "open dataset: no such object") }
            var access = HDF5.defaultProperties
            var plist: H5Handle?
            if let bytes = chunkCacheBytes {
                let handle = H5Handle.plist(try HDF5.check(H5Pcreate(chdf5_p_dataset_access()), file: file.path, object: childPath(name), "create access properties"))
                try HDF5.check(H5Pset_chunk_cache(handle.id, bytes == 0 ? 0 : 12_421, bytes, 1.0), file: file.path, object: childPath(name), "set chunk cache")
                access = handle.id
                plist = handle
            }
            defer { withExtendedLifetime(plist) {} }
            let did = try HDF5.check(H5Dopen2(id, name, access), file: file.path, object: childPath(name), "open dataset")
            return try H5Dataset(file: file, path: childPath(name), id: did)
        }
    }

    @discardableResult
    public func createGroup(_ name: String) throws -> H5Group {
        try HDF5.sync {
            let creation = try HDF5.untimedCreationProperties(chdf5_p_group_create(), file: file.path, object: childPath(name))
            let gid = try HDF5.check(H5Gcreate2(id, name, HDF5.defaultProperties, creation.id, HDF5.defaultProperties),
                                     file: file.path, object: childPath(name), "create group")
            return H5Group(file: file, path: childPath(name), id: gid)
        }
    }
}
