import CSanitizerHooks
import Synchronization

/// `withLock` and `withLockIfAvailable`, with each critical section told to ThreadSanitizer.
/// On Linux `Mutex` locks through futexes TSan cannot see, so it reports every contended
/// section as a race; an acquire and a release on the guarded value's address give it the
/// order the lock gives. Outside a TSan build the hooks are null and skipped.
extension Mutex where Value: ~Copyable {
    @inlinable
    public borrowing func locked<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        try withLock { (value: inout sending Value) throws(E) -> sending Result in try Self.section(&value, body) }
    }

    @inlinable
    public borrowing func lockedIfAvailable<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result? {
        try withLockIfAvailable { (value: inout sending Value) throws(E) -> sending Result in try Self.section(&value, body) }
    }

    @inlinable
    static func section<Result: ~Copyable, E: Error>(
        _ value: inout sending Value, _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        let address = withUnsafeMutablePointer(to: &value) { UnsafeMutableRawPointer($0) }
        atlasweave_tsan_acquire(address)
        defer { atlasweave_tsan_release(address) }
        return try body(&value)
    }
}
