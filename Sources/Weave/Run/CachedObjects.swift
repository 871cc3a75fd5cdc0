/// The stages of a render served from the cache whose run had produced an in-memory object,
/// and how to run each again. The first stage that asks for such an object runs the producer;
/// later askers in the same render share that run.
actor CachedObjects {
    typealias Rerun = @Sendable () async throws -> StageResult

    private var reruns: [String: Rerun] = [:]
    private var runs: [String: Task<StageResult, any Error>] = [:]

    func register(_ id: String, rerun: @escaping Rerun) {
        reruns[id] = rerun
    }

    /// The result of `id` with its object, run again if needed; nil when `id` is not a
    /// cached stage with an object.
    func result(of id: String) async throws -> StageResult? {
        if let run = runs[id] { return try await run.value }
        guard let rerun = reruns[id] else { return nil }
        let run = Task { try await rerun() }
        runs[id] = run
        do {
            return try await run.value
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError.rerunFailed(id: id, message: String(describing: error))
        }
    }

    /// Ids of the stages run again for their objects.
    var rerun: Set<String> { Set(runs.keys) }
}
