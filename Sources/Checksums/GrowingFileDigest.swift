import Crypto
import Foundation

/// SHA-256 of a file while it is being written (see `Checksum`): a thread of its own hashes the
/// file front to back and waits wherever the writer has not got to yet, so hashing a large output
/// overlaps writing it instead of following it. `regions` are byte ranges written front to back
/// (`written`); the rest of the file is final once `begin` gives its size.
// @unchecked: every mutable field is read and written with `condition` held; the hash thread waits on it.
public final class GrowingFileDigest: @unchecked Sendable {
    private let url: URL
    private let descriptor: Int32
    /// Known once the rest of the file is final.
    private var size: Int?
    private let regions: [Range<Int>]
    private let condition = NSCondition()
    /// Bytes written so far at the front of each region.
    private var written: [Int]
    private var cancelled = false
    private var outcome: Result<Checksum, Error>?

    public init(url: URL, regions: [Range<Int>]) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        self.url = url
        self.descriptor = descriptor
        self.regions = regions.sorted { $0.lowerBound < $1.lowerBound }
        written = [Int](repeating: 0, count: regions.count)
        Thread.detachNewThread { [self] in hashInOrder() }
    }

    deinit { close(descriptor) }

    /// Everything outside the regions is written, and the file has its final `size`: hashing starts.
    public func begin(size: Int) {
        condition.withLock {
            self.size = size
            condition.broadcast()
        }
    }

    /// The first `bytes` bytes of `region` (one of the ranges given at creation) are written.
    public func written(region: Range<Int>, bytes: Int) {
        condition.withLock {
            if let index = regions.firstIndex(of: region) { written[index] = bytes }
            condition.broadcast()
        }
    }

    /// The checksum, once every region has been written in full.
    public func finish() throws -> Checksum {
        try condition.withLock {
            while outcome == nil { condition.wait() }
            return try outcome!.get()
        }
    }

    /// Stops hashing (the writer failed); `finish` then throws.
    public func cancel() {
        condition.withLock {
            cancelled = true
            condition.broadcast()
        }
    }

    private func hashInOrder() {
        var hasher = SHA256()
        var position = 0
        var result: Result<Checksum, Error>
        while true {
            let span: (end: Int, size: Int)? = condition.withLock {
                while !cancelled {
                    if let size {
                        let end = finalEnd(from: position, size: size)
                        if end > position || position == size { return (end, size) }
                    }
                    condition.wait()
                }
                return nil
            }
            guard let (end, size) = span else {
                result = .failure(CocoaError(.userCancelled))
                break
            }
            if position == size {
                result = .success(Checksum(.sha256, hex: FileDigest.hex(hasher.finalize())))
                break
            }
            let reached = FileDigest.hashMapped(&hasher, descriptor: descriptor, bytes: position..<end)
            guard reached == end else {
                result = .failure(CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                                          NSLocalizedDescriptionKey: "cannot map bytes \(reached)..<\(end) to hash them"]))
                break
            }
            position = end
        }
        condition.withLock {
            outcome = result
            condition.broadcast()
        }
    }

    /// How far the bytes from `position` on are final (call with the lock held).
    private func finalEnd(from position: Int, size: Int) -> Int {
        for (index, region) in regions.enumerated() {
            if region.contains(position) { return region.lowerBound + written[index] }
            if region.lowerBound > position { return region.lowerBound }
        }
        return size
    }
}
