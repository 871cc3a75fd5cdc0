import CHDF5
import CRangeVFD
import Foundation

/// A file that is not (all) on local disk, read through atlasweave's virtual file driver: every
/// read libhdf5 makes, and every read `H5DirectReader` makes, goes to `read`, which serves it from
/// a local cache and fetches what is missing. `name` is what errors name.
public final class H5RemoteFile: Sendable {
    public typealias Read = @Sendable (_ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: UInt64) throws -> Void

    public let name: String
    public let size: UInt64
    let read: Read

    public init(name: String, size: UInt64, read: @escaping Read) {
        self.name = name
        self.size = size
        self.read = read
    }

    /// Sets the driver on a file access property list; the context is this object, which the
    /// opened `H5File` keeps alive.
    func configure(_ fapl: hid_t) -> herr_t {
        range_vfd_set_fapl(fapl, Unmanaged.passUnretained(self).toOpaque(), remoteRead, size)
    }
}

/// The driver's read callback: the error's text goes back to libhdf5's error stack.
private func remoteRead(_ context: UnsafeMutableRawPointer?, _ address: UInt64, _ size: Int, _ buffer: UnsafeMutableRawPointer?,
                        _ message: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    guard let context, let buffer else { return -1 }
    let file = Unmanaged<H5RemoteFile>.fromOpaque(context).takeUnretainedValue()
    do {
        try file.read(buffer, size, address)
        return 0
    } catch {
        if let message, capacity > 0 {
            let text = Array(String(describing: error).utf8.prefix(capacity - 1))
            for (i, byte) in text.enumerated() { message[i] = CChar(bitPattern: byte) }
            message[text.count] = 0
        }
        return -1
    }
}
