import Foundation
import Locking
import Synchronization

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
final class CancellationFlag: Sendable {
    private let cancelled = Mutex(false)

    var isCancelled: Bool { cancelled.locked { $0 } }
    func cancel() { cancelled.locked { $0 = true } }

    /// Throws `CancellationError` once cancelled.
    func check() throws {
        if isCancelled { throw CancellationError() }
    }
}
