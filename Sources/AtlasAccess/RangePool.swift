import Locking
import Synchronization
import Foundation

/// The range-request handles the files of one stage share: at most `connections` requests at
/// once, each handle kept (with its open connection) for the next request.
public final class RangePool: Sendable {
    public let connections: Int
    let policy: RetryPolicy
    private let idle = Mutex<[RangeTransfer]>([])
    private let slots: DispatchSemaphore

    public init(connections: Int, policy: RetryPolicy = .standard) {
        self.connections = max(1, connections)
        self.policy = policy
        slots = DispatchSemaphore(value: max(1, connections))
    }

    /// Runs `body` with a handle of its own, waiting for one while all are busy.
    func withTransfer<T>(_ body: (RangeTransfer) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let transfer = try idle.locked { $0.popLast() } ?? RangeTransfer(timeouts: policy)
        defer { idle.locked { $0.append(transfer) } }
        return try body(transfer)
    }

    /// Runs `job(0..<count)` on up to `connections` threads; after a failure no new job starts,
    /// and the first error is thrown once the running ones end.
    func run(_ count: Int, _ job: @escaping @Sendable (Int) throws -> Void) throws {
        guard count > 0 else { return }
        if count == 1 { return try job(0) }
        let state = JobState()
        let group = DispatchGroup()
        for _ in 0..<min(connections, count) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while let index = state.next(below: count) {
                    do { try job(index) } catch { state.fail(error) }
                }
            }
        }
        group.wait()
        if let failure = state.failure { throw failure }
    }

    /// The next job to take and the first failure, shared by the threads of one `run`.
    private final class JobState: Sendable {
        private let state = Mutex((taken: 0, error: (any Error)?.none))

        func next(below count: Int) -> Int? {
            state.locked { state in
                guard state.error == nil, state.taken < count else { return nil }
                state.taken += 1
                return state.taken - 1
            }
        }

        func fail(_ failure: Error) { state.locked { $0.error = $0.error ?? failure } }
        var failure: Error? { state.locked { $0.error } }
    }
}
