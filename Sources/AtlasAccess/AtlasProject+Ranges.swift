import Foundation
import Locking

/// Reading release files by HTTP range instead of downloading them whole.
extension AtlasProject {
    /// Whether `file` is in the cache whole and recorded, so it is read locally as it is.
    public func isCachedWhole(_ file: AtlasFile) -> Bool {
        guard let local = try? cache.path(for: file.relativePath),
              let size = (try? FileManager.default.attributesOfItem(atPath: local.path))?[.size] as? NSNumber else { return false }
        return size.int64Value == file.size && cache.isRecorded(local)
    }

    /// Whether ranges are possible at all: an http(s) source, and the network allowed.
    public var canReadRanges: Bool { !source.isFile && !localOnly }

    /// The file's sparse copy in the cache (`<path>.ranges`), with the extents earlier runs fetched.
    public func ranged(_ file: AtlasFile, pool: RangePool) throws -> RangedFile {
        guard canReadRanges else {
            throw AtlasAccessError.unsupportedSource(source.description, reason: localOnly ? "local-only: nothing is fetched" : "a file:// source is read locally, not by ranges")
        }
        let destination = try cache.path(for: file.relativePath)
        return try RangedFile(file: file, url: try source.url(for: file.relativePath), destination: destination, pool: pool, cache: cache)
    }
}

extension RangedFile {
    /// Why reading the file stopped for good (its object changed), if it did.
    public var stopReason: Error? { state.locked { $0.failure } }

    /// Removes the sparse copy and its index (the file was downloaded whole instead).
    public func remove() {
        saving.locked { _ in
            try? FileManager.default.removeItem(at: indexURL)
            if !isComplete { try? FileManager.default.removeItem(at: dataURL) }
        }
    }
}

/// Runs blocking work (libhdf5 reading a file by ranges, which waits on the network) on a
/// thread of its own rather than on one of the few threads of Swift's cooperative pool.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await Blocking.run { _ in try body() }
}
