import AtomicFiles
import Checksums
import Crypto
import Foundation

/// Transfers with retries over one curl handle: small bodies into memory, files into `<path>.part`
/// with resume, streaming MD5 and a rename into place once the hash matches.
final class Downloader {
    private let curl: CurlTransfer
    private let policy: RetryPolicy
    private let cancellation: CancellationFlag

    init(policy: RetryPolicy, cancellation: CancellationFlag) throws {
        self.policy = policy
        self.cancellation = cancellation
        self.curl = try CurlTransfer(timeouts: policy, shouldAbort: { cancellation.isCancelled })
    }

    /// A whole (small) body, such as a manifest or a listing page.
    func data(from url: URL) throws -> Data {
        var attempt = 1
        while true {
            var body = Data()
            let outcome = curl.get(url, sink: { bytes in body.append(contentsOf: bytes); return true })
            if outcome.succeeded { return body }
            try cancellation.check()
            guard outcome.isTransient, attempt < policy.attempts else {
                throw AtlasAccessError.transfer(url: url.absoluteString, path: nil, curlCode: outcome.code, httpStatus: outcome.httpStatus, message: outcome.message)
            }
            Thread.sleep(forTimeInterval: policy.delay(beforeRetry: attempt))
            attempt += 1
        }
    }

    /// Downloads `file` from `url` to `destination`, resuming a `.part` left by an earlier attempt
    /// or process. The final path only ever holds a complete file whose MD5 matches the manifest.
    func download(_ file: AtlasFile, from url: URL, to destination: URL, progress: DownloadProgressHandler?) throws {
        let part = destination.appendingPathExtension("part")
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        var state = PartState(url: part)
        var transientFailures = 0, checksumFailures = 0, requested = false
        while true {
            try cancellation.check()
            try state.sync(maxSize: file.size)
            if state.size < file.size || file.size == 0 && !requested {
                requested = true
                progress?(DownloadEvent(file: file, phase: .started(resumingAt: state.size), bytes: state.size, total: file.size))
                let outcome = try transfer(file, from: url, into: &state, progress: progress)
                if !outcome.succeeded {
                    try cancellation.check()
                    // A server that answers a range request with the whole file (curl refuses it
                    // with code 33) or cannot serve the range: start over from byte 0.
                    if outcome.code == 33 || outcome.httpStatus == 416 { state.discard() }
                    transientFailures += 1
                    guard outcome.isTransient || outcome.code == 33 || outcome.httpStatus == 416, transientFailures < policy.attempts else {
                        throw AtlasAccessError.transfer(url: url.absoluteString, path: destination.path, curlCode: outcome.code,
                                                        httpStatus: outcome.httpStatus, message: outcome.message)
                    }
                    progress?(DownloadEvent(file: file, phase: .retrying(attempt: transientFailures + 1, reason: outcome.message + (outcome.httpStatus > 0 ? " (HTTP \(outcome.httpStatus))" : "")),
                                            bytes: state.size, total: file.size))
                    Thread.sleep(forTimeInterval: policy.delay(beforeRetry: transientFailures))
                    continue
                }
            }
            let actual = state.digest()
            if actual == file.md5 {
                do { try AtomicFile.replace(destination, with: part) } catch {
                    throw AtlasAccessError.io(path: destination.path, message: error.message)
                }
                progress?(DownloadEvent(file: file, phase: .finished, bytes: state.size, total: file.size))
                return
            }
            state.discard()
            checksumFailures += 1
            guard checksumFailures < policy.checksumAttempts else {
                throw AtlasAccessError.checksumMismatch(url: url.absoluteString, path: destination.path, expected: file.md5, actual: actual, attempts: checksumFailures)
            }
            progress?(DownloadEvent(file: file, phase: .retrying(attempt: checksumFailures + 1, reason: "MD5 \(actual) does not match the manifest's \(file.md5)"),
                                    bytes: 0, total: file.size))
            Thread.sleep(forTimeInterval: policy.delay(beforeRetry: checksumFailures))
        }
    }

    /// One request appending to the part file from its current size, hashing as bytes arrive.
    private func transfer(_ file: AtlasFile, from url: URL, into state: inout PartState, progress: DownloadProgressHandler?) throws -> CurlTransfer.Outcome {
        let offset = state.size
        let handle = try state.openForAppend()
        defer { try? handle.close() }
        let started = Date()
        var lastReport = Date.distantPast
        var writeError: Error?
        var oversized = false
        var local = state
        let outcome = curl.get(url, from: offset, sink: { bytes in
            // Never more than the manifest's size: an endless body would fill the disk.
            guard local.size + Int64(bytes.count) <= file.size else { oversized = true; return false }
            do { try handle.write(contentsOf: bytes) } catch { writeError = error; return false }
            local.append(bytes)
            return true
        }, progress: { _, _ in
            guard let progress, Date().timeIntervalSince(lastReport) >= 0.2 else { return }
            lastReport = Date()
            let elapsed = Date().timeIntervalSince(started)
            let received = local.size - offset
            progress(DownloadEvent(file: file, phase: .progress, bytes: local.size, total: file.size,
                                   bytesPerSecond: elapsed > 0 ? Double(received) / elapsed : 0))
        })
        state = local
        if oversized {
            state.discard()
            throw AtlasAccessError.oversized(url: url.absoluteString, path: state.url.deletingPathExtension().path, size: file.size)
        }
        if let writeError {
            throw AtlasAccessError.io(path: state.url.path, message: "cannot write: \(writeError.localizedDescription)")
        }
        return outcome
    }
}

/// The `.part` file and the MD5 of the bytes it holds, kept in step so a resume need not re-read it.
private struct PartState {
    let url: URL
    private(set) var size: Int64 = 0
    private var hasher = Insecure.MD5()
    private var hashedSize: Int64 = -1

    init(url: URL) { self.url = url }

    /// Catches up with the file on disk (a part left by an earlier process is hashed once).
    mutating func sync(maxSize: Int64) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let exists = attributes != nil
        size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        if size > maxSize { discard() }
        guard hashedSize != size else { return }
        hasher = Insecure.MD5()
        hashedSize = 0
        guard exists else { return }
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            while let block = try handle.read(upToCount: 4 << 20), !block.isEmpty {
                hasher.update(data: block)
                hashedSize += Int64(block.count)
            }
        } catch {
            throw AtlasAccessError.io(path: url.path, message: "cannot read the partial download: \(error.localizedDescription)")
        }
        size = hashedSize
    }

    /// The part opened at its end, created when missing (in place: the file is the one locked).
    func openForAppend() throws -> FileHandle {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw AtlasAccessError.io(path: url.path, message: "cannot open for writing: \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.seek(toOffset: UInt64(size))
            return handle
        } catch {
            throw AtlasAccessError.io(path: url.path, message: "cannot open for writing: \(error.localizedDescription)")
        }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        size += Int64(bytes.count)
        hashedSize = size
    }

    /// Empties the part; truncated, not removed, so the lock on it (PartLock) stays valid.
    mutating func discard() {
        truncate(url.path, 0)
        hasher = Insecure.MD5()
        size = 0
        hashedSize = 0
    }

    func digest() -> String {
        FileDigest.hex(hasher.finalize())
    }
}
