import CZlib

/// zlib's one-shot deflate and CRC-32, as PNG needs them (RFC 1950 streams, the PNG chunk CRC).
public enum Zlib {
    public struct Failure: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { "zlib compress2 failed with code \(code)" }
    }

    /// `bytes` as one zlib stream at `level` (0…9).
    public static func deflate(_ bytes: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let code = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &capacity, src.baseAddress, uLong(src.count), level)
            }
        }
        guard code == Z_OK else { throw Failure(code: code) }
        out.removeLast(out.count - Int(capacity))
        return out
    }

    /// CRC-32 of `bytes`, continuing from `crc` (0 to start).
    public static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(CZlib.crc32(uLong(crc), buffer.baseAddress, uInt(buffer.count)))
        }
    }
}
