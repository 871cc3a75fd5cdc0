import CSanitizerHooks
import Synchronization

/// `withLock` and `withLockIfAvailable`, with each critical section told to ThreadSanitizer.
/// On Linux `Mutex` locks through futexes TSan cannot see, so it reports every contended
/// section as a race; an acquire and a release on the mutex's address, around every access of
/// the value, give it the order the lock gives. Outside a TSan build the hooks are null and skipped.
extension Mutex where Value: ~Copyable {
    @inlinable
    public borrowing func locked<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        let address = withUnsafePointer(to: self) { UnsafeMutableRawPointer(mutating: $0) }
        return try withLock { (value: inout sending Value) throws(E) -> sending Result in
            // Before the value is touched: TSan records the access where `&value` is passed.
            atlasweave_tsan_acquire(address)
            defer { atlasweave_tsan_release(address) }
            return try body(&value)
        }
    }

    @inlinable
    public borrowing func lockedIfAvailable<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result? {
        let address = withUnsafePointer(to: self) { UnsafeMutableRawPointer(mutating: $0) }
        return try withLockIfAvailable { (value: inout sending Value) throws(E) -> sending Result in
            atlasweave_tsan_acquire(address)
            defer { atlasweave_tsan_release(address) }
            return try body(&value)
        }
    }
}
