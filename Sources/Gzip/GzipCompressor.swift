import CDeflate

/// One libdeflate compressor (its handle owned here): whole buffers in, gzip members out.
/// Concatenated members form one valid gzip file, so blocks compressed apart (on several
/// threads, one compressor each) can be written one after another.
public final class GzipCompressor {
    private let handle: OpaquePointer
    private var output: [UInt8] = []

    /// `level` 1 (fastest) … 12 (smallest); 6 is gzip's default.
    public init(level: Int = 6) throws(GzipError) {
        guard let handle = libdeflate_alloc_compressor(Int32(min(max(level, 1), 12))) else {
            throw GzipError(message: "libdeflate cannot allocate a compressor at level \(level)")
        }
        self.handle = handle
    }

    deinit { libdeflate_free_compressor(handle) }

    /// `input` as one gzip member; the returned bytes are valid until the next call.
    public func member(of input: UnsafeRawBufferPointer) -> ArraySlice<UInt8> {
        let bound = libdeflate_gzip_compress_bound(handle, input.count)
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        let written = output.withUnsafeMutableBytes { out in
            libdeflate_gzip_compress(handle, input.baseAddress, input.count, out.baseAddress, out.count)
        }
        // The bound always fits, so 0 (no room) cannot come back.
        return output[0..<written]
    }

    public func member(of input: [UInt8]) -> ArraySlice<UInt8> {
        input.withUnsafeBytes { member(of: $0) }
    }

    /// `input` (at most 65,535 bytes) as one gzip member holding a single stored (uncompressed)
    /// deflate block: its size is the input's plus 23 bytes whatever the bytes are, so a member
    /// written first can later be overwritten in place by one of the same length.
    public static func storedMember(of input: [UInt8]) -> [UInt8] {
        precondition(input.count <= 0xFFFF, "a stored deflate block holds at most 65,535 bytes")
        let length = UInt16(input.count)
        let crc = input.withUnsafeBytes { UInt32(libdeflate_crc32(0, $0.baseAddress, $0.count)) }
        let littleEndian = { (value: UInt32, bytes: Int) in (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 1] + littleEndian(UInt32(length), 2) + littleEndian(UInt32(~length), 2)
            + input + littleEndian(crc, 4) + littleEndian(UInt32(input.count), 4)
    }
}

public struct GzipError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
