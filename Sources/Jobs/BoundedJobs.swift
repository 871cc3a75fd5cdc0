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
        var firstError: (any Error)?
        await withTaskGroup(of: (Int, Result<Output, any Error>).self) { group in
            var next = 0
            func launch() {
                let index = next, item = items[index]
                next += 1
                group.addTask {
                    do { return (index, .success(try await body(item))) } catch { return (index, .failure(error)) }
                }
            }
            while next < items.count && next < max(1, jobs) { launch() }
            while let (index, result) = await group.next() {
                guard firstError == nil else { continue }
                do { try onResult(index, try result.get()) } catch { firstError = error }
                if firstError == nil && next < items.count { launch() }
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
}
