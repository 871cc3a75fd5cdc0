/// Work on many items with a cap on how many run at once (downloads, matrix look-ups).
public enum BoundedJobs {
    /// Runs `body` on every item, at most `jobs` at a time, in the order given. `onResult` sees
    /// each result on the calling task as it comes (in completion order, with the item's index).
    /// After the first error (of `body` or of `onResult`) no new item starts; those under way
    /// finish, and then that error is thrown.
    public static func forEach<Item: Sendable, Output: Sendable>(
        _ items: [Item], jobs: Int, _ body: @escaping @Sendable (Item) async throws -> Output,
        onResult: (_ index: Int, Output) throws -> Void
    ) async throws {
        // Child tasks only return values; every variable below belongs to the calling task.
        var firstError: (any Error)?
        await withTaskGroup(of: (Int, Result<Output, any Error>).self) { group in
            var pending = items.enumerated().makeIterator()
            for _ in 0..<max(1, jobs) {
                guard let (index, item) = pending.next() else { break }
                group.addTask { await outcome(index, of: body, on: item) }
            }
            while let (index, result) = await group.next() {
                guard firstError == nil else { continue }
                do { try onResult(index, try result.get()) } catch { firstError = error }
                if firstError == nil, let (index, item) = pending.next() {
                    group.addTask { await outcome(index, of: body, on: item) }
                }
            }
        }
        if let firstError { throw firstError }
    }

    /// `body` of every item, at most `jobs` at a time, results in item order.
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], jobs: Int, _ body: @escaping @Sendable (Item) async throws -> Output
    ) async throws -> [Output] {
        var results = [Output?](repeating: nil, count: items.count)
        try await forEach(items, jobs: jobs, body) { index, output in results[index] = output }
        return results.map { $0! }
    }

    private static func outcome<Item, Output>(
        _ index: Int, of body: @Sendable (Item) async throws -> Output, on item: Item
    ) async -> (Int, Result<Output, any Error>) {
        do { return (index, .success(try await body(item))) } catch { return (index, .failure(error)) }
    }
}
