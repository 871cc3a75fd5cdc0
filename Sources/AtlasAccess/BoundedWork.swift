/// Runs numbered pieces of work, a bounded number at once, and hands each result to the caller's
/// task as it arrives: the one shape every parallel fetch shares.
///
/// The child tasks only return values; all mutable state (which pieces are pending, what arrived)
/// lives in this function's locals and in `receive`, touched by the calling task alone. Nothing a
/// child task runs captures a variable of the caller.
public enum BoundedWork {
    /// Runs `work(i)` for `i` in `0..<count`, at most `jobs` at once, and calls `receive(i, result)`
    /// in order of completion. When `receive` returns false no further piece starts (those under
    /// way finish and are still received); when it throws, the rest are cancelled and it rethrows.
    public static func run<T: Sendable>(count: Int, jobs: Int, _ work: @escaping @Sendable (Int) async -> T,
                                        receive: (Int, T) throws -> Bool) async throws {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var pending = (0..<count).makeIterator()
            for _ in 0..<max(1, jobs) {
                guard let index = pending.next() else { break }
                group.addTask { (index, await work(index)) }
            }
            var more = true
            while let (index, result) = try await group.next() {
                more = try receive(index, result) && more
                if more, let index = pending.next() {
                    group.addTask { (index, await work(index)) }
                }
            }
        }
    }
}
