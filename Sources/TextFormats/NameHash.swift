/// 64-bit FNV-1a of a name's UTF-8 bytes: the fixed hash by which cell and gene names read from
/// CSV files and from h5ad indexes are matched without decoding either into strings.
public enum NameHash {
    @inline(__always)
    public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    public static func of(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { of($0) }
    }
}
