import Locking
import Synchronization
import AnnData
import AtlasAccess
import Checksums
import Foundation
import HDF5Kit
import Jobs
import TextFormats
import Weave

/// How an `expression` stage gets the bytes of each matrix (`fetch` option).
enum FetchMode: String, OptionChoice {
    /// Ranges when the selection needs under `autoThreshold` of the matrix, else the whole file.
    case auto
    /// The whole file into the cache, MD5-checked (what `abc_atlas_access` does).
    case whole
    /// Only the bytes the selection needs, by HTTP range, into a sparse copy in the cache.
    case ranges

    /// The share of a matrix's bytes above which `auto` downloads it whole. Measured with
    /// Benchmarks/remote/run.sh --sweep: on a bucket whose connections share one 50 MB/s line,
    /// ranges took 1.35× less time than whole at 70% of a matrix, and were level with it (within
    /// the noise) from 85%.
    static let autoThreshold = 0.8
}

/// Where a matrix's bytes came from, for the report, the provenance and `uns/atlasweave`.
enum MatrixOrigin: Sendable {
    case whole(FetchedFile)
    case ranges(RangedFile)

    var mode: String {
        switch self {
        // Read whole, whether downloaded now or found in the cache: the same inputs give the same file.
        case .whole: "whole"
        case .ranges(let ranged): ranged.isComplete ? "ranges (now whole)" : "ranges"
        }
    }

    /// The file read: the cache entry, or the sparse copy's index while the file is incomplete.
    func record(for file: AtlasFile) throws -> FileRecord {
        switch self {
        case .whole(let fetched):
            return FileRecord(path: fetched.path.path, role: .input, size: file.size, checksum: Checksum(.md5, hex: fetched.md5))
        case .ranges(let ranged):
            if ranged.isComplete { return FileRecord(path: ranged.destination.path, role: .input, size: file.size, checksum: Checksum(.md5, hex: file.md5)) }
            return try FileRecord(hashing: ranged.destination.appendingPathExtension("ranges.json"), role: .input)
        }
    }

    var statistics: RangeStatistics? {
        if case .ranges(let ranged) = self { return ranged.statistics }
        return nil
    }
}

/// Makes each matrix ready for the copy: looked up, with the bytes of its chosen rows local.
struct MatrixSourcing: Sendable {
    let release: AtlasRelease
    let mode: FetchMode
    let pool: RangePool
    let verify: Bool
    let progress: @Sendable (String) -> Void
    let totals: RangeTotals
    let structures = MatrixStructures()

    /// Whether `file` is read by ranges (unless `auto` finds the selection needs most of it).
    func readsRanges(_ file: AtlasFile) -> Bool {
        mode != .whole && release.project.canReadRanges && !release.project.isCachedWhole(file)
    }

    /// Starts fetching the structure of every matrix read by ranges, `MatrixStructures.ahead` at
    /// once, while the look-ups go `jobs` at a time: their metadata waits overlap. Cancel the task
    /// when the stage ends.
    func prefetchStructures(of files: [AtlasFile]) -> Task<Void, Never> {
        let (structures, project, pool) = (self.structures, release.project, self.pool)
        let ranged = files.filter(readsRanges)
        return Task {
            try? await BoundedJobs.forEach(ranged, jobs: MatrixStructures.ahead) { file in
                _ = try? await structures.ranged(file, project: project, pool: pool)
            } onResult: { _, _ in }
        }
    }

    func prepare(_ file: AtlasFile, cells: [String]) async throws -> (MatrixLookup, MatrixOrigin) {
        if !readsRanges(file) { return try await whole(file, cells: cells) }
        let ranged = try await structures.ranged(file, project: release.project, pool: pool)
        let remote = H5RemoteFile(name: ranged.destination.path, size: UInt64(file.size)) { buffer, count, offset in
            try ranged.read(into: buffer, count: count, at: offset)
        }
        let (progress, totals, mode) = (self.progress, self.totals, self.mode)
        let lookup: MatrixLookup? = try await onOwnThread {
            do {
                let lookup = try MatrixLookup(matrix: ranged.destination, remote: remote, cells: cells)
                let needed = RangedFile.merged((lookup.storage ?? []).map { Int64($0.lowerBound)..<Int64($0.upperBound) })
                let share = Double(needed.reduce(0) { $0 + $1.upperBound - $1.lowerBound }) / Double(max(file.size, 1))
                if mode == .auto && share > FetchMode.autoThreshold {
                    progress("\(file.fileName): the selection needs \(Int(share * 100))% of it: downloading it whole")
                    return nil
                }
                try ranged.prefetch(needed) { event in
                    totals.update(event)
                    if event.finished { progress(event.text) } else { totals.report(progress) }
                }
                return lookup
            } catch {
                throw ranged.stopReason ?? error
            }
        }
        guard let lookup else {
            ranged.remove()
            return try await whole(file, cells: cells)
        }
        return (lookup, .ranges(ranged))
    }

    private func whole(_ file: AtlasFile, cells: [String]) async throws -> (MatrixLookup, MatrixOrigin) {
        let progress = self.progress
        let fetched = try await release.fetch(file, verify: verify) { event in if event.isMilestone { progress(event.text) } }
        return (try MatrixLookup(matrix: fetched.path, cells: cells), .whole(fetched))
    }
}

/// The ranged fetches of one stage together, for a progress line over every matrix.
final class RangeTotals: Sendable {
    private struct State {
        var latest: [String: RangeProgress] = [:]
        var lastReport = Date.distantPast
    }
    private let state = Mutex(State())
    private let started = Date()

    func update(_ event: RangeProgress) { state.locked { $0.latest[event.file.relativePath] = event } }

    /// A total line at most once a second.
    func report(_ progress: @Sendable (String) -> Void) {
        let line: String? = state.locked { state in
            guard Date().timeIntervalSince(state.lastReport) >= 1 else { return nil }
            state.lastReport = Date()
            let latest = state.latest.values
            let fetched = latest.reduce(0) { $0 + $1.fetched }, needed = latest.reduce(0) { $0 + $1.needed }
            let requests = latest.reduce(0) { $0 + $1.requests }, seconds = Date().timeIntervalSince(started)
            let rate = seconds > 0 ? Double(fetched) / seconds : 0
            let eta = rate > 0 && needed > fetched ? String(format: ", ETA %d:%02d", Int(Double(needed - fetched) / rate) / 60, Int(Double(needed - fetched) / rate) % 60) : ""
            return "ranges, all matrices: \(ByteSize.format(fetched)) / \(ByteSize.format(needed)), \(requests) requests, \(ByteSize.format(Int64(rate)))/s\(eta)"
        }
        if let line { progress(line) }
    }
}
