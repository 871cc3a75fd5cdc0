import AnnData
import AtlasAccess
import Foundation
import HDF5Kit
import Jobs
import Locking
import Synchronization

/// The matrices of one `expression` stage read by ranges: each opened once, its structure
/// (everything but X's values and column indices) fetched once, before its look-up needs it.
final class MatrixStructures: Sendable {
    /// Files whose structure is fetched at once, ahead of the look-ups.
    static let ahead = 16

    private let started = Mutex<[String: Task<RangedFile, any Error>]>([:])

    /// The file's sparse copy with its structure local, fetching it now unless already started.
    func ranged(_ file: AtlasFile, project: AtlasProject, pool: RangePool) async throws -> RangedFile {
        let task = started.locked { tasks in
            if let task = tasks[file.relativePath] { return task }
            let task = Task {
                try await onOwnThread {
                    let ranged = try project.ranged(file, pool: pool)
                    do { try Self.prefetchAllButEntries(ranged) } catch { throw ranged.stopReason ?? error }
                    return ranged
                }
            }
            tasks[file.relativePath] = task
            return task
        }
        return try await task.value
    }

    /// Everything in the file but X's values and column indices (HDF5's metadata, obs, var,
    /// indptr), fetched in parallel pieces before libhdf5 opens the file, so that the look-up,
    /// which runs under libhdf5's process-wide lock, finds it local instead of waiting on one
    /// request per miss. Skipped (the misses are fetched as libhdf5 meets them) when the file's
    /// structure cannot be walked, or when the rest is large: something besides X is stored there.
    private static func prefetchAllButEntries(_ ranged: RangedFile) throws {
        let size = UInt64(ranged.file.size)
        let read: H5StorageMap.ByteSource = { address, count in
            var bytes = [UInt8](repeating: 0, count: count)
            if count > 0 { try bytes.withUnsafeMutableBytes { try ranged.read(into: $0.baseAddress!, count: count, at: address) } }
            return bytes
        }
        let prefetch: H5StorageMap.Prefetch = { ranges in
            try ranged.prefetch(ranges.filter { $0.lowerBound < size }.map { Int64($0.lowerBound)..<Int64(min($0.upperBound, size)) }, gapShare: 0)
        }
        guard let entries = try MatrixLookup.entryStorage(read: read, prefetch: prefetch), entries.allSatisfy({ $0.upperBound <= size }) else { return }
        var rest: [Range<Int64>] = []
        var position: UInt64 = 0
        for storage in entries.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if storage.lowerBound > position { rest.append(Int64(position)..<Int64(storage.lowerBound)) }
            position = max(position, storage.upperBound)
        }
        if position < size { rest.append(Int64(position)..<Int64(size)) }
        let restBytes = rest.reduce(0) { $0 + $1.upperBound - $1.lowerBound }
        guard restBytes <= max(restFloor, Int64(Double(ranged.file.size) * restShare)) else { return }
        try ranged.prefetch(rest, gapShare: 0)
    }

    /// The rest of a file is fetched ahead when it is at most this share of the file (or `restFloor`).
    static let restShare = 0.25
    static let restFloor: Int64 = 16 << 20
}
