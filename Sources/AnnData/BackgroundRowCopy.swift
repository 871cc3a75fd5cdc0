import Checksums
import Foundation
import HDF5Kit
import Locking
import Synchronization

/// Where X's values and column indices are to be written in the closed file.
struct ReservedStorage {
    var data: Range<Int>
    var indices: Range<Int>
}

/// The uncompressed copy: X's rows go into their reserved storage with `pwrite` on a thread of
/// its own (values, then indices, in file order) while the caller's thread writes obs, var and
/// uns, and the `GrowingFileDigest`'s thread hashes the file behind the copy once the rest is
/// closed. Three threads in all: the caller's, the copy's and the hash's.
final class BackgroundRowCopy: Sendable {
    private let digest: GrowingFileDigest
    private let path: String
    private let done = DispatchGroup()
    private let cancelled = Mutex(false)
    private let failure = Mutex<(any Error)?>(nil)

    init(_ writer: H5ADConcatWriter, storage: ReservedStorage, dtype: H5ElementType) throws {
        path = writer.temporary.path
        do { digest = try GrowingFileDigest(url: writer.temporary, regions: [storage.data, storage.indices]) } catch {
            throw AnnDataError.io(path: path, message: "cannot hash: \(error.localizedDescription)")
        }
        let descriptor = open(path, O_WRONLY)
        guard descriptor >= 0 else {
            digest.cancel()
            throw AnnDataError.io(path: path, message: "cannot open for writing: \(String(cString: strerror(errno)))")
        }
        nonisolated(unsafe) let writer = writer // only read while this thread runs: `finish` waits for it
        // Values, then indices, in the order they lie in the file, which the hash follows.
        let passes = [(RowBatch.Contents.values, storage.data), (.indices, storage.indices)].sorted { $0.1.lowerBound < $1.1.lowerBound }
        done.enter()
        Thread.detachNewThread { [self] in
            defer {
                close(descriptor)
                done.leave()
            }
            do {
                for (contents, region) in passes { try copy(writer, contents, into: region, dtype: dtype, descriptor: descriptor) }
            } catch {
                failure.locked { $0 = error }
            }
        }
    }

    private func copy(_ writer: H5ADConcatWriter, _ contents: RowBatch.Contents, into region: Range<Int>, dtype: H5ElementType,
                      descriptor: Int32) throws {
        let elementSize = contents == .values ? dtype.byteSize : 4
        try writer.copyRows(dtype: dtype, contents: contents) { batch, position, count in
            if cancelled.locked({ $0 }) { throw CancellationError() }
            let start = region.lowerBound + position * elementSize
            if contents == .values {
                try batch.data.withUnsafeBytes { try writer.writeFully($0, at: start, to: descriptor) }
            } else {
                try batch.indices.withUnsafeBytes { try writer.writeFully($0, at: start, to: descriptor) }
            }
            digest.written(region: region, bytes: (position + count) * elementSize)
        }
    }

    /// Once the rest of the file is closed: waits for the copy and the hash, returns the checksum.
    func finish(fileSize: Int, storage: ReservedStorage, nnz: Int) throws -> Checksum {
        guard nnz == 0 || (storage.data.upperBound <= fileSize && storage.indices.upperBound <= fileSize && storage.data.lowerBound > 0) else {
            throw AnnDataError.io(path: path, message: "X's reserved storage (\(storage.data), \(storage.indices)) lies outside the file's \(fileSize) bytes")
        }
        digest.begin(size: fileSize)
        join()
        if let failure = failure.locked({ $0 }) {
            digest.cancel()
            throw failure
        }
        do { return try digest.finish() } catch { throw AnnDataError.io(path: path, message: "cannot hash: \(error.localizedDescription)") }
    }

    /// Stops the copy and the hash (the output is being discarded) and waits for the copy to end.
    func abandon() {
        cancelled.locked { $0 = true }
        digest.cancel()
        join()
    }

    private func join() { done.wait() }
}
