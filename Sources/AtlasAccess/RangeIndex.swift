import Checksums
import Crypto
import Foundation

/// The fetched extents of a file read by ranges, as `<file>.ranges.json` keeps them beside the
/// sparse `<file>.ranges`: which object they came from (manifest size and MD5, the ETag of the
/// first response) and, per extent, its bounds and the SHA-256 of its bytes, so an extent whose
/// bytes were damaged is never trusted. Written after the data it lists is on disk.
struct RangeIndex: Codable, Equatable {
    struct Extent: Codable, Equatable {
        var start: Int64
        var end: Int64
        /// SHA-256 hex of the bytes.
        var digest: String

        var range: Range<Int64> { start..<end }
    }

    static let currentFormat = 1

    var format = Self.currentFormat
    var size: Int64
    var md5: String
    var etag: String?
    /// Sorted by start, never overlapping.
    var extents: [Extent] = []

    /// The index at `url` when it is for this object, else nil (missing, unreadable, another version).
    static func load(_ url: URL, size: Int64, md5: String) -> RangeIndex? {
        guard let data = try? Data(contentsOf: url), let index = try? JSONDecoder().decode(RangeIndex.self, from: data),
              index.format == currentFormat, index.size == size, index.md5 == md5 else { return nil }
        let ordered = zip(index.extents.dropLast(), index.extents.dropFirst()).allSatisfy { $0.end <= $1.start }
        guard ordered, index.extents.allSatisfy({ 0 <= $0.start && $0.start < $0.end && $0.end <= size }) else { return nil }
        return index
    }

    /// Writes through a temporary file that is flushed to disk before it is renamed into place.
    func save(to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        do {
            let data = try JSONEncoder().encode(self)
            guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
                throw AtlasAccessError.io(path: temporary.path, message: "cannot create")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw AtlasAccessError.io(path: url.path, message: "cannot rename into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error as? AtlasAccessError ?? AtlasAccessError.io(path: url.path, message: "cannot write the range index: \(error.localizedDescription)")
        }
    }

    /// The parts of `range` no extent covers, in order.
    func missing(_ range: Range<Int64>) -> [Range<Int64>] {
        var gaps: [Range<Int64>] = []
        var position = range.lowerBound
        var i = firstEnding(after: range.lowerBound)
        while position < range.upperBound, i < extents.count, extents[i].start < range.upperBound {
            if extents[i].start > position { gaps.append(position..<extents[i].start) }
            position = max(position, extents[i].end)
            i += 1
        }
        if position < range.upperBound { gaps.append(position..<range.upperBound) }
        return gaps
    }

    /// Adds an extent; false (nothing added) when it overlaps one already there.
    mutating func insert(_ extent: Extent) -> Bool {
        let i = firstEnding(after: extent.start)
        if i < extents.count, extents[i].start < extent.end { return false }
        extents.insert(extent, at: i)
        return true
    }

    var coveredBytes: Int64 { extents.reduce(0) { $0 + ($1.end - $1.start) } }
    var isComplete: Bool { coveredBytes == size }

    /// The first extent whose end is after `offset` (binary search).
    private func firstEnding(after offset: Int64) -> Int {
        var low = 0, high = extents.count
        while low < high {
            let mid = (low + high) / 2
            if extents[mid].end <= offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func digest(_ bytes: UnsafeRawBufferPointer) -> String { FileDigest.hex(SHA256.hash(data: bytes)) }
}
