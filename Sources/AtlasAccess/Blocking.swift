import Foundation

/// Runs blocking work (libcurl transfers, hashing large files) on a thread of its own, so it never
/// holds one of the few threads of Swift's cooperative pool. Cancelling the task raises the flag
/// the work checks between and during transfers.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable (CancellationFlag) throws -> T) async throws -> T {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try body(flag) }) }.start()
            }
        } onCancel: {
            flag.cancel()
        }
    }
}

/// Set when the task waiting on blocking work is cancelled.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }
    func cancel() { lock.withLock { cancelled = true } }

    /// Throws `CancellationError` once cancelled.
    func check() throws {
        if isCancelled { throw CancellationError() }
    }
}
