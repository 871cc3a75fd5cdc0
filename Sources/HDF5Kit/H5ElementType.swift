import CHDF5

/// The element types atlasweave reads and writes, named as numpy names them.
public enum H5ElementType: Equatable, Hashable, Sendable, CustomStringConvertible {
    case int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64
    /// h5py's bool: an int8 enum with FALSE/TRUE members.
    case bool
    /// A variable- or fixed-length string (UTF-8 or ASCII).
    case string
    /// An HDF5 object reference.
    case reference
    /// Anything else (compound, array, opaque…), with HDF5's class name.
    case other(String)

    public var description: String {
        switch self {
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .float32: "float32"
        case .float64: "float64"
        case .bool: "bool"
        case .string: "string"
        case .reference: "object reference"
        case .other(let name): name
        }
    }

    public var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: true
        default: false
        }
    }

    public var isNumeric: Bool { isInteger || self == .float32 || self == .float64 }

    /// Bytes per element in memory (numeric and bool only).
    public var byteSize: Int {
        switch self {
        case .int8, .uint8, .bool: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64, .reference: 8
        case .string, .other: 0
        }
    }

    /// Classifies an HDF5 datatype.
    static func of(_ type: hid_t) -> H5ElementType {
        let cls = H5Tget_class(type)
        let size = H5Tget_size(type)
        switch cls {
        case H5T_INTEGER:
            let signed = H5Tget_sign(type) == H5T_SGN_2
            switch (size, signed) {
            case (1, true): return .int8
            case (2, true): return .int16
            case (4, true): return .int32
            case (8, true): return .int64
            case (1, false): return .uint8
            case (2, false): return .uint16
            case (4, false): return .uint32
            case (8, false): return .uint64
            default: return .other("integer of \(size) bytes")
            }
        case H5T_FLOAT:
            switch size {
            case 4: return .float32
            case 8: return .float64
            default: return .other("float of \(size) bytes")
            }
        case H5T_ENUM:
            return isBoolEnum(type) ? .bool : .other("enum")
        case H5T_STRING: return .string
        case H5T_REFERENCE: return .reference
        case H5T_COMPOUND: return .other("compound")
        case H5T_ARRAY: return .other("array")
        case H5T_VLEN: return .other("variable-length sequence")
        case H5T_OPAQUE: return .other("opaque")
        case H5T_BITFIELD: return .other("bitfield")
        default: return .other("unknown HDF5 type class \(cls.rawValue)")
        }
    }

    private static func isBoolEnum(_ type: hid_t) -> Bool {
        guard H5Tget_size(type) == 1, H5Tget_nmembers(type) == 2 else { return false }
        var names: [String] = []
        for index in 0..<2 {
            guard let name = H5Tget_member_name(type, UInt32(index)) else { return false }
            names.append(String(cString: name))
            H5free_memory(name)
        }
        return Set(names) == ["FALSE", "TRUE"]
    }

    /// A new memory datatype for this element type; strings are variable-length UTF-8.
    func makeMemoryType() -> H5Handle? {
        switch self {
        case .string: return H5Handle.type(chdf5_vlen_utf8())
        case .bool: return H5Handle.type(chdf5_bool_enum())
        case .reference: return H5Handle.type(H5Tcopy(chdf5_std_ref_obj()))
        case .other: return nil
        default: return H5Handle.type(H5Tcopy(nativeID))
        }
    }

    /// The native HDF5 type of a numeric element (not owned; do not close).
    var nativeID: hid_t {
        switch self {
        case .int8: chdf5_native_int8()
        case .int16: chdf5_native_int16()
        case .int32: chdf5_native_int32()
        case .int64: chdf5_native_int64()
        case .uint8: chdf5_native_uint8()
        case .uint16: chdf5_native_uint16()
        case .uint32: chdf5_native_uint32()
        case .uint64: chdf5_native_uint64()
        case .float32: chdf5_native_float()
        case .float64: chdf5_native_double()
        default: chdf5_native_int8()
        }
    }
}

/// A Swift type stored as a numeric HDF5 element.
public protocol H5Numeric: Numeric, Sendable {
    static var h5Type: H5ElementType { get }
}

extension Int8: H5Numeric { public static var h5Type: H5ElementType { .int8 } }
extension Int16: H5Numeric { public static var h5Type: H5ElementType { .int16 } }
extension Int32: H5Numeric { public static var h5Type: H5ElementType { .int32 } }
extension Int64: H5Numeric { public static var h5Type: H5ElementType { .int64 } }
extension UInt8: H5Numeric { public static var h5Type: H5ElementType { .uint8 } }
extension UInt16: H5Numeric { public static var h5Type: H5ElementType { .uint16 } }
extension UInt32: H5Numeric { public static var h5Type: H5ElementType { .uint32 } }
extension UInt64: H5Numeric { public static var h5Type: H5ElementType { .uint64 } }
extension Float: H5Numeric { public static var h5Type: H5ElementType { .float32 } }
extension Double: H5Numeric { public static var h5Type: H5ElementType { .float64 } }
