import Checksums
import Crypto
import Foundation
import Locking
import Synchronization

/// A release file read by HTTP range into a persistent sparse copy in the cache: `<file>.ranges`
/// holds the fetched bytes at their offsets, `<file>.ranges.json` (`RangeIndex`) lists them.
///
/// - Every response must be a 206 whose `Content-Range` names the bytes asked for and a total
///   equal to the manifest's size; every request after the first carries `If-Match` with the
///   first response's ETag. A changed object (412, or another ETag) discards the file's extents
///   and fails with an error naming the file: bytes of two versions are never mixed.
/// - The index is rewritten (atomically, after the data file is flushed) at most every half
///   second while bytes arrive and after each batch, so a kill loses at most what came since,
///   and an extent whose SHA-256 does not match is dropped when the index is loaded.
/// - Once every byte is there the copy is MD5-checked and becomes the ordinary cache entry.
public final class RangedFile: Sendable {
    public let file: AtlasFile
    public let url: URL
    /// Where the whole file goes in the cache (and the copy, once complete).
    public let destination: URL
    let dataURL: URL
    let indexURL: URL
    let pool: RangePool
    let cache: AtlasCache
    let descriptor: Int32
    let state: Mutex<State>
    /// Held while the index is written or the copy completed or discarded: one writer at a time.
    let saving = Mutex(())

    /// What the threads fetching and reading the file share.
    struct State {
        var index: RangeIndex
        var failure: Error?
        var lastSave = Date()
        var unsaved = false
        var readAhead = RangedFile.firstBlock
        var lastMissEnd: Int64 = -1
        var counters = RangeCounters()
        var isComplete = false
    }

    /// Every byte fetched, MD5-checked, and the copy moved into place as the ordinary cache entry.
    public var isComplete: Bool { state.locked { $0.isComplete } }

    /// A metadata miss fetches at least this much; each miss right after the previous doubles it up to `lastBlock`.
    static let firstBlock: Int64 = 64 << 10
    static let lastBlock: Int64 = 2 << 20
    /// Prefetched pieces are cut at a size between these (parallel requests, cheap retries).
    static let smallestPiece: Int64 = 1 << 20
    static let largestPiece: Int64 = 8 << 20

    init(file: AtlasFile, url: URL, destination: URL, pool: RangePool, cache: AtlasCache) throws {
        self.file = file
        self.url = url
        self.destination = destination
        self.pool = pool
        self.cache = cache
        dataURL = destination.appendingPathExtension("ranges")
        indexURL = destination.appendingPathExtension("ranges.json")
        do { try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
            throw AtlasAccessError.io(path: destination.deletingLastPathComponent().path, message: error.localizedDescription)
        }
        let existed = FileManager.default.fileExists(atPath: dataURL.path)
        descriptor = open(dataURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtlasAccessError.io(path: dataURL.path, message: "cannot open: \(String(cString: strerror(errno)))") }
        let loaded = existed ? RangeIndex.load(indexURL, size: file.size, md5: file.md5) : nil
        state = Mutex(State(index: loaded ?? RangeIndex(size: file.size, md5: file.md5)))
        if loaded == nil { ftruncate(descriptor, 0) }
        guard ftruncate(descriptor, off_t(file.size)) == 0 else {
            throw AtlasAccessError.io(path: dataURL.path, message: "cannot size to \(file.size) bytes: \(String(cString: strerror(errno)))")
        }
        try dropDamagedExtents()
    }

    deinit { close(descriptor) }

    /// What this process fetched for the file so far, and the object's ETag.
    public var statistics: RangeStatistics {
        state.locked { RangeStatistics(etag: $0.index.etag, bytesFetched: $0.counters.bytes, requests: $0.counters.requests, cachedBytes: $0.index.coveredBytes) }
    }

    /// Reads `count` bytes at `offset`, fetching the blocks that are missing first (libhdf5's
    /// metadata and the reads of `H5DirectReader`).
    public func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws {
        let start = Int64(offset), end = min(file.size, start + Int64(count))
        guard start >= 0, start <= end else { throw AtlasAccessError.io(path: dataURL.path, message: "read at \(offset) outside the file's \(file.size) bytes") }
        if start < end, !state.locked({ $0.index.missing(start..<end).isEmpty }) { try fetchBlock(start..<end) }
        try readLocal(into: buffer, count: Int(end - start), at: start)
        if end - start < Int64(count) { (buffer + Int(end - start)).initializeMemory(as: UInt8.self, repeating: 0, count: count - Int(end - start)) }
    }

    func readLocal(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) throws {
        var done = 0
        while done < count {
            let n = pread(descriptor, buffer + done, count - done, off_t(offset) + off_t(done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw AtlasAccessError.io(path: dataURL.path, message: "cannot read at byte \(offset + Int64(done)): \(n == 0 ? "end of file" : String(cString: strerror(errno)))") }
            done += n
        }
    }

    /// A metadata miss: the missing parts of the read grown to the read-ahead, which doubles
    /// while misses follow each other (libhdf5 walking a heap or a B-tree) and starts over otherwise.
    private func fetchBlock(_ range: Range<Int64>) throws {
        let pieces: [Range<Int64>] = state.locked { state in
            state.readAhead = range.lowerBound == state.lastMissEnd ? min(state.readAhead * 2, Self.lastBlock) : Self.firstBlock
            let start = range.lowerBound & ~4095
            let end = min(file.size, max(range.upperBound, start + state.readAhead))
            state.lastMissEnd = end
            return state.index.missing(start..<end)
        }
        try fetch(pieces)
        try saveIndex(force: false)
    }

    /// Fetches every byte of `ranges` not yet in the copy: small gaps between them are fetched too
    /// while that costs at most `gapShare` of the bytes needed (a request costs more than a few
    /// KB), and the pieces go `connections` at once. Then saves the index, and completes the
    /// file (MD5 check, cache entry) when nothing is missing any more.
    public func prefetch(_ ranges: [Range<Int64>], gapShare: Double = 0.1, progress: (@Sendable (RangeProgress) -> Void)? = nil) throws {
        let missing = state.locked { state in Self.merged(ranges).flatMap { state.index.missing($0.clamped(to: 0..<file.size)) } }
        let joined = coalesced(missing, gapShare: gapShare)
        let needed = joined.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
        // Small enough to keep every connection busy, large enough that a request's wait stays a small part of it.
        let pieces = Self.split(joined, at: min(Self.largestPiece, max(Self.smallestPiece, needed / Int64(pool.connections))))
        let meter = RangeMeter(file: file, needed: needed, report: progress)
        try fetch(pieces, meter: meter)
        meter.finish()
        try saveIndex(force: true)
        try completeIfWhole()
    }

    private func fetch(_ pieces: [Range<Int64>], meter: RangeMeter? = nil) throws {
        try pool.run(pieces.count) { [self] i in
            try fetchPiece(pieces[i], meter: meter)
            try saveIndex(force: false)
        }
    }

    /// Missing pieces joined across gaps that are missing too, smallest gaps first, while the
    /// gaps add up to at most `gapShare` of the bytes and each stays under a request's worth (1 MiB).
    private func coalesced(_ pieces: [Range<Int64>], gapShare: Double) -> [Range<Int64>] {
        guard pieces.count > 1 else { return pieces }
        let needed = pieces.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
        var budget = Int64(Double(needed) * gapShare)
        let gaps = (0..<(pieces.count - 1)).map { (i: $0, size: pieces[$0 + 1].lowerBound - pieces[$0].upperBound) }.sorted { $0.size < $1.size }
        var join = [Bool](repeating: false, count: pieces.count)
        state.locked { state in
            for gap in gaps where gap.size <= min(budget, 1 << 20) {
                let between = pieces[gap.i].upperBound..<pieces[gap.i + 1].lowerBound
                guard between.isEmpty || state.index.missing(between) == [between] else { continue }
                join[gap.i] = true
                budget -= gap.size
            }
        }
        var out: [Range<Int64>] = []
        var current = pieces[0]
        for i in 1..<pieces.count {
            if join[i - 1] { current = current.lowerBound..<pieces[i].upperBound } else { out.append(current); current = pieces[i] }
        }
        out.append(current)
        return out
    }

    /// Sorted, with overlapping and touching ranges joined.
    public static func merged(_ ranges: [Range<Int64>]) -> [Range<Int64>] {
        var out: [Range<Int64>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, range.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                out.append(range)
            }
        }
        return out
    }

    static func split(_ ranges: [Range<Int64>], at piece: Int64) -> [Range<Int64>] {
        ranges.flatMap { range in
            stride(from: range.lowerBound, to: range.upperBound, by: Int(piece)).map { $0..<min(range.upperBound, $0 + piece) }
        }
    }
}

/// Bytes and requests of one file read by ranges.
public struct RangeStatistics: Sendable, Equatable {
    public var etag: String?
    /// Fetched by this process.
    public var bytesFetched: Int64
    public var requests: Int
    /// In the local copy now (fetched by any run).
    public var cachedBytes: Int64
}

struct RangeCounters {
    var bytes: Int64 = 0
    var requests = 0
}
