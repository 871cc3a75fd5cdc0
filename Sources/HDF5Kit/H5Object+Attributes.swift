import CHDF5
import Foundation

extension H5Object {
    public func hasAttribute(_ name: String) -> Bool {
        HDF5.sync {
            let exists = H5Aexists(id, name)
            if exists < 0 { _ = HDF5.takeErrorStack() }
            return exists > 0
        }
    }

    public func attributeNames() throws -> [String] {
        try HDF5.sync {
            var info = H5O_info_t()
            try check(H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)), "list attributes")
            return try (0..<info.num_attrs).map { index in
                let size = try check(H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, HDF5.defaultProperties), "read attribute name")
                var buffer = [CChar](repeating: 0, count: size + 1)
                try check(H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, HDF5.defaultProperties), "read attribute name")
                return string(fromCBuffer: buffer)
            }
        }
    }

    /// Opens attribute `name` and hands its id, file type, element type and element count to `body`.
    private func withAttribute<R>(_ name: String, _ body: (hid_t, hid_t, H5ElementType, Int) throws -> R) throws -> R {
        try HDF5.sync {
            guard hasAttribute(name) else { throw error("attribute '\(name)': missing") }
            let attr = H5Handle(try check(H5Aopen(id, name, HDF5.defaultProperties), "open attribute '\(name)'"), close: H5Aclose)
            let type = H5Handle.type(try check(H5Aget_type(attr.id), "attribute '\(name)' type"))
            let space = H5Handle.space(try check(H5Aget_space(attr.id), "attribute '\(name)' dataspace"))
            let count = Int(try check(H5Sget_simple_extent_npoints(space.id), "attribute '\(name)' size"))
            return try body(attr.id, type.id, H5ElementType.of(type.id), count)
        }
    }

    public func attributeType(_ name: String) throws -> H5ElementType {
        try withAttribute(name) { _, _, element, _ in element }
    }

    /// A string attribute, or the single element of a one-element string array.
    public func stringAttribute(_ name: String) throws -> String {
        let values = try stringArrayAttribute(name)
        guard values.count == 1 else { throw error("attribute '\(name)': expected one string, found \(values.count)") }
        return values[0]
    }

    public func stringArrayAttribute(_ name: String) throws -> [String] {
        try withAttribute(name) { attr, type, element, count in
            // h5py writes an empty list as an empty float array.
            if count == 0 { return [] }
            guard element == .string else { throw error("attribute '\(name)': expected strings, found \(element)") }
            let memType = H5Handle.type(try check(H5Tcopy(type), "copy string type"))
            if H5Tis_variable_str(type) > 0 {
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                try check(H5Aread(attr, memType.id, &pointers), "read attribute '\(name)'")
                let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
                let space = H5Handle.space(H5Screate_simple(1, [hsize_t(count)], nil))
                H5Dvlen_reclaim(memType.id, space.id, HDF5.defaultProperties, &pointers)
                return strings
            }
            let size = H5Tget_size(type)
            var bytes = [UInt8](repeating: 0, count: size * count)
            try check(H5Aread(attr, memType.id, &bytes), "read attribute '\(name)'")
            let spacePadded = H5Tget_strpad(type) == H5T_STR_SPACEPAD
            return (0..<count).map { decodeFixed(bytes[$0 * size..<($0 + 1) * size], spacePadded: spacePadded) }
        }
    }

    public func numericAttribute<T: H5Numeric>(_ name: String, as _: T.Type = T.self) throws -> [T] {
        try withAttribute(name) { attr, _, element, count in
            guard element.isNumeric || element == .bool else { throw error("attribute '\(name)': expected numbers, found \(element)") }
            var values = [T](repeating: .zero, count: count)
            if element == .bool {
                let bools = try boolAttributeValues(attr, name: name, count: count)
                return bools.map { $0 ? 1 : 0 }
            }
            if count > 0 { try values.withUnsafeMutableBytes { _ = try check(H5Aread(attr, T.h5Type.nativeID, $0.baseAddress), "read attribute '\(name)'") } }
            return values
        }
    }

    public func boolAttribute(_ name: String) throws -> Bool {
        try withAttribute(name) { attr, _, element, count in
            guard count == 1, element == .bool || element.isInteger else {
                throw error("attribute '\(name)': expected one bool, found \(count) × \(element)")
            }
            return try boolAttributeValues(attr, name: name, count: 1)[0]
        }
    }

    private func boolAttributeValues(_ attr: hid_t, name: String, count: Int) throws -> [Bool] {
        let type = H5Handle.type(try check(H5Aget_type(attr), "attribute '\(name)' type"))
        let native = H5Handle.type(try check(H5Tget_native_type(type.id, H5T_DIR_ASCEND), "native type"))
        var raw = [Int8](repeating: 0, count: count)
        try check(H5Aread(attr, H5Tget_class(type.id) == H5T_ENUM ? native.id : chdf5_native_int8(), &raw), "read attribute '\(name)'")
        return raw.map { $0 != 0 }
    }

    /// Opens the dataset an object-reference attribute points at (anndata 0.7's categorical `categories`).
    public func referencedDataset(attribute name: String) throws -> H5Dataset {
        try withAttribute(name) { attr, _, element, count in
            guard element == .reference, count == 1 else { throw error("attribute '\(name)': expected one object reference, found \(count) × \(element)") }
            var reference = hobj_ref_t()
            try check(H5Aread(attr, chdf5_std_ref_obj(), &reference), "read attribute '\(name)'")
            let target = try check(H5Rdereference2(id, HDF5.defaultProperties, H5R_OBJECT, &reference), "follow reference '\(name)'")
            var buffer = [CChar](repeating: 0, count: 1024)
            let length = H5Iget_name(target, &buffer, buffer.count)
            let targetPath = length > 0 ? string(fromCBuffer: buffer) : path + "@" + name
            guard H5Iget_type(target) == H5I_DATASET else {
                H5Oclose(target)
                throw error("attribute '\(name)': reference does not point at a dataset")
            }
            return try H5Dataset(file: file, path: targetPath, id: target)
        }
    }

    // MARK: writing

    private func writeAttribute(_ name: String, type element: H5ElementType, scalar: Bool, count: Int, _ data: UnsafeRawPointer?) throws {
        try HDF5.sync {
            if hasAttribute(name) { try check(H5Adelete(id, name), "replace attribute '\(name)'") }
            guard let memType = element.makeMemoryType() else { throw error("attribute '\(name)': cannot write \(element)") }
            let space = H5Handle.space(scalar
                ? try check(H5Screate(H5S_SCALAR), "attribute dataspace")
                : try check(H5Screate_simple(1, [hsize_t(count)], nil), "attribute dataspace"))
            let attr = H5Handle(try check(H5Acreate2(id, name, memType.id, space.id, HDF5.defaultProperties, HDF5.defaultProperties),
                                          "create attribute '\(name)'"), close: H5Aclose)
            if let data, count > 0 { try check(H5Awrite(attr.id, memType.id, data), "write attribute '\(name)'") }
        }
    }

    /// Writes a scalar variable-length UTF-8 string attribute.
    public func setAttribute(_ name: String, string: String) throws {
        var pointer: UnsafeMutablePointer<CChar>? = strdup(string)
        defer { free(pointer) }
        try writeAttribute(name, type: .string, scalar: true, count: 1, &pointer)
    }

    /// Writes a 1-D variable-length UTF-8 string array attribute.
    public func setAttribute(_ name: String, strings: [String]) throws {
        var pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        try pointers.withUnsafeMutableBufferPointer {
            try writeAttribute(name, type: .string, scalar: false, count: strings.count, $0.baseAddress)
        }
    }

    public func setAttribute<T: H5Numeric>(_ name: String, values: [T]) throws {
        try values.withUnsafeBufferPointer { try writeAttribute(name, type: T.h5Type, scalar: false, count: values.count, $0.baseAddress) }
    }

    public func setAttribute<T: H5Numeric>(_ name: String, scalar value: T) throws {
        try withUnsafeBytes(of: value) { try writeAttribute(name, type: T.h5Type, scalar: true, count: 1, $0.baseAddress) }
    }

    /// Writes a scalar bool attribute as h5py does (int8 enum).
    public func setAttribute(_ name: String, bool: Bool) throws {
        var raw: Int8 = bool ? 1 : 0
        try writeAttribute(name, type: .bool, scalar: true, count: 1, &raw)
    }
}
