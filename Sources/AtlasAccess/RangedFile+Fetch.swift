import AtomicFiles
import Checksums
import Crypto
import Foundation
import Locking

/// One range request with its retries, the checks on its answer, and what is kept on disk.
extension RangedFile {
    func fetchPiece(_ range: Range<Int64>, meter: RangeMeter?) throws {
        var attempt = 1
        while true {
            if let failure = state.locked({ $0.failure }) { throw failure }
            let etag = state.locked { $0.index.etag }
            var hasher = SHA256()
            var writeError: String?
            let length = range.upperBound - range.lowerBound
            let response = try pool.withTransfer { transfer in
                transfer.get(url, range: range, ifMatch: etag) { [descriptor] offset, bytes in
                    guard offset + Int64(bytes.count) <= length else { return false }
                    if let failed = Self.writeFully(bytes, at: range.lowerBound + offset, to: descriptor) { writeError = failed; return false }
                    hasher.update(bufferPointer: bytes)
                    meter?.add(bytes.count)
                    return true
                }
            }
            state.locked {
                $0.counters.requests += 1
                $0.counters.bytes += response.received
            }
            meter?.request()
            if let writeError { throw AtlasAccessError.io(path: dataURL.path, message: "cannot write: \(writeError)") }
            let outcome = response.outcome
            if outcome.httpStatus == 412 { throw discard(because: "the server's copy no longer matches ETag \(etag ?? "?") (412 Precondition Failed)") }
            if outcome.succeeded {
                try check(response, range: range, sent: etag)
                if response.received == length {
                    let extent = RangeIndex.Extent(start: range.lowerBound, end: range.upperBound, digest: FileDigest.hex(hasher.finalize()))
                    state.locked { if $0.index.insert(extent) { $0.unsaved = true } }
                    return
                }
            }
            let short = outcome.succeeded // a 206 that ended early: the connection dropped
            guard outcome.isTransient || short, attempt < pool.policy.attempts else {
                throw AtlasAccessError.transfer(url: url.absoluteString, path: dataURL.path, curlCode: outcome.code, httpStatus: outcome.httpStatus,
                                                message: "bytes \(range.lowerBound)-\(range.upperBound - 1): \(outcome.message)")
            }
            meter?.retry()
            Thread.sleep(forTimeInterval: pool.policy.delay(beforeRetry: attempt))
            attempt += 1
        }
    }

    /// The answer must be the bytes asked for, of an object of the manifest's size, with the ETag
    /// of the first answer (which it becomes when this is the first).
    private func check(_ response: RangeTransfer.Response, range: Range<Int64>, sent: String?) throws {
        guard let content = response.contentRange else {
            throw RangeFetchError.badResponse(url: url.absoluteString, message: "a 206 answer without Content-Range")
        }
        guard content.total == file.size else {
            throw RangeFetchError.badResponse(url: url.absoluteString, message: "Content-Range total \(content.total) is not the manifest's size \(file.size) (another version of the file?)")
        }
        guard content.first == range.lowerBound, content.last == range.upperBound - 1 else {
            throw RangeFetchError.badResponse(url: url.absoluteString, message: "asked for bytes \(range.lowerBound)-\(range.upperBound - 1), got \(content.first)-\(content.last)")
        }
        guard let etag = response.etag else { return }
        let known: String? = state.locked { state in
            if state.index.etag == nil { state.index.etag = etag }
            return state.index.etag
        }
        if known != etag { throw discard(because: "its ETag changed from \(known ?? sent ?? "?") to \(etag)") }
    }

    /// Drops every extent of the file (the object changed): the stage fails, naming the file.
    func discard(because reason: String) -> Error {
        let error = RangeFetchError.objectChanged(file: file.relativePath, url: url.absoluteString, reason: reason)
        state.locked { state in
            state.failure = state.failure ?? error
            state.index = RangeIndex(size: file.size, md5: file.md5)
            state.unsaved = false
        }
        saving.locked { _ in
            try? FileManager.default.removeItem(at: indexURL)
            _ = ftruncate(descriptor, 0)
            _ = ftruncate(descriptor, off_t(file.size))
        }
        return error
    }

    /// Writes the index when extents were added (at most every half second unless `force`),
    /// after flushing the data file, so the index never lists bytes that are not on disk.
    func saveIndex(force: Bool) throws {
        let due = state.locked { $0.unsaved && !$0.isComplete && $0.failure == nil && (force || Date().timeIntervalSince($0.lastSave) >= 0.5) }
        guard due else { return }
        // A forced save waits for one under way; an opportunistic one leaves it to that one.
        if force { try saving.locked { _ in try writeIndex() } } else { try saving.lockedIfAvailable { _ in try writeIndex() } }
    }

    /// The index as it is now, after the data file is flushed; called holding `saving`.
    private func writeIndex() throws {
        let snapshot: RangeIndex? = state.locked { state in
            guard state.unsaved, state.failure == nil else { return nil }
            state.unsaved = false
            state.lastSave = Date()
            return state.index
        }
        guard let snapshot else { return }
        guard fsync(descriptor) == 0 else { throw AtlasAccessError.io(path: dataURL.path, message: "cannot flush: \(String(cString: strerror(errno)))") }
        try snapshot.save(to: indexURL)
    }

    /// Once every byte is fetched: MD5 against the manifest, then the copy becomes the file in
    /// the cache, recorded in `_downloaded_data.json` as a whole download would be.
    func completeIfWhole() throws {
        guard state.locked({ $0.index.isComplete && !$0.isComplete && $0.failure == nil }) else { return }
        try saving.locked { _ in
            guard fsync(descriptor) == 0 else { throw AtlasAccessError.io(path: dataURL.path, message: "cannot flush: \(String(cString: strerror(errno)))") }
            let actual: String
            do { actual = try FileDigest.md5(of: dataURL) } catch {
                throw AtlasAccessError.io(path: dataURL.path, message: "cannot read: \(error.localizedDescription)")
            }
            guard actual == file.md5 else {
                state.locked { $0.index = RangeIndex(size: file.size, md5: file.md5) }
                try? FileManager.default.removeItem(at: indexURL)
                throw AtlasAccessError.checksumMismatch(url: url.absoluteString, path: dataURL.path, expected: file.md5, actual: actual, attempts: 1)
            }
            do { try AtomicFile.replace(destination, with: dataURL) } catch let error as AtomicFileError { throw AtlasAccessError.io(path: destination.path, message: error.message) }
            try? FileManager.default.removeItem(at: indexURL)
            state.locked { $0.isComplete = true }
        }
        try cache.recordDownloaded(destination)
    }

    /// Checks every extent of a loaded index against its SHA-256 and forgets those that differ.
    func dropDamagedExtents() throws {
        let extents = state.locked { $0.index.extents }
        guard let largest = extents.map({ $0.end - $0.start }).max() else { return }
        var buffer = [UInt8](repeating: 0, count: Int(largest))
        var kept: [RangeIndex.Extent] = []
        for extent in extents {
            let count = Int(extent.end - extent.start)
            let digest = try buffer.withUnsafeMutableBytes { bytes -> String in
                try readLocal(into: bytes.baseAddress!, count: count, at: extent.start)
                return RangeIndex.digest(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
            }
            if digest == extent.digest { kept.append(extent) }
        }
        if kept.count != extents.count {
            state.locked {
                $0.index.extents = kept
                $0.unsaved = true
            }
            try saveIndex(force: true)
        }
    }

    /// nil when written, else the reason.
    private static func writeFully(_ bytes: UnsafeRawBufferPointer, at offset: Int64, to descriptor: Int32) -> String? {
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return String(cString: strerror(errno)) }
            done += n
        }
        return nil
    }
}

/// What can go wrong reading a file by ranges beyond a failed transfer.
public enum RangeFetchError: Error, Sendable, CustomStringConvertible {
    /// The object changed on the server while its bytes were being read.
    case objectChanged(file: String, url: String, reason: String)
    case badResponse(url: String, message: String)

    public var description: String {
        switch self {
        case .objectChanged(let file, let url, let reason):
            return "\(file) changed on the server while it was read by ranges (\(url)): \(reason); its fetched ranges were discarded, run again to read the new version"
        case .badResponse(let url, let message):
            return "range request to \(url): \(message)"
        }
    }
}
