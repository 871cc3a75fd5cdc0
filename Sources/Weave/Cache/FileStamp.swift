import Foundation

/// A file's size and modification time to the nanosecond: what says a file may have changed
/// without reading it (the file-hash memo, `watch`).
public struct FileStamp: Sendable, Equatable, Codable {
    public let size: Int64
    /// Nanoseconds since 1970.
    public let mtime: Int64

    /// The file's stamp now; nil when there is no such file.
    public init?(_ url: URL) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        size = Int64(info.st_size)
        mtime = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
