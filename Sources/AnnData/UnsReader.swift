import HDF5Kit

/// Reading `uns`: nested `dict`s of scalars and 1-D arrays.
enum UnsReader {
    static func readDict(_ group: H5Group) throws -> [String: UnsValue] {
        let encoding = Encoding(of: group)
        guard encoding.type == "dict" || encoding.type.isEmpty else { throw encoding.unsupported(group) }
        var values: [String: UnsValue] = [:]
        for name in try group.memberNames() {
            switch group.kind(of: name) {
            case .group?: values[name] = .dict(try readDict(try group.group(name)))
            case .dataset?: values[name] = try readValue(try group.dataset(name))
            default: throw AnnDataError.malformed(file: group.file.path, element: group.path + "/" + name, reason: "neither group nor dataset")
            }
        }
        return values
    }

    static func readValue(_ dataset: H5Dataset) throws -> UnsValue {
        let encoding = Encoding(of: dataset)
        guard ["", "string", "numeric-scalar", "array", "string-array"].contains(encoding.type) else { throw encoding.unsupported(dataset) }
        let type = dataset.elementType
        if dataset.shape.isEmpty {
            switch type {
            case .string: return .string(try dataset.readScalarString())
            case .bool: return .bool(try dataset.readBools()[0])
            case .float32, .float64: return .number(try dataset.read(Double.self)[0])
            case let t where t.isInteger: return .integer(try dataset.read(Int64.self)[0])
            default: throw encoding.unsupported(dataset)
            }
        }
        guard dataset.shape.count == 1 else { throw encoding.unsupported(dataset) }
        switch type {
        case .string: return .strings(try dataset.readStrings())
        case .float32, .float64: return .numbers(try dataset.read(Double.self))
        case .bool: return .integers(try dataset.readBools().map { $0 ? 1 : 0 })
        case let t where t.isInteger: return .integers(try dataset.read(Int64.self))
        default: throw encoding.unsupported(dataset)
        }
    }
}
