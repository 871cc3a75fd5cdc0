import Foundation

/// What the render loop tracks for the stage cache as stages go by.
struct CacheRun {
    /// Earlier stages' results by id, in document order, as `StageContext.earlier`.
    var earlier: [(id: String, directive: String, result: StageResult)] = []
    /// Each earlier stage's digest (`StageCacheEntry.digest`), whether it ran or came from the cache.
    var digests: [String: String] = [:]
    /// Stages run because of `--refresh ID` or because they depend on such a stage.
    var refreshed: Set<String> = []
}

/// A stage's result and how it was obtained.
struct StageExecution {
    let result: StageResult
    let upstream: [String]
    let cached: StageRecord.CacheOrigin?
    /// Why it ran (nil when cached).
    let reason: String?
}

/// Whether a stage runs (and why) or is served by its cache entry.
enum CacheDecision {
    case run(String)
    case cached(StageCacheEntry)
}

extension ReportRenderer {
    /// Why the stage must run, or the entry that stands for it. Marks the stage refreshed when
    /// `--refresh` names it or a stage it depends on.
    func whyRun(_ invocation: StageInvocation, instance: any Directive, lookup: StageCache.Lookup, dependsOn: [String],
                key: String, store: StageCache?, run: inout CacheRun) -> CacheDecision {
        let id = invocation.id
        if !cache.read { return .run(cache.write ? "--refresh" : "--no-cache") }
        if cache.refresh.contains(id) {
            run.refreshed.insert(id)
            return .run("--refresh \(id)")
        }
        if let refreshed = dependsOn.first(where: run.refreshed.contains) {
            run.refreshed.insert(id)
            return .run("depends on refreshed '\(refreshed)'")
        }
        if !instance.cacheable { return .run("{\(invocation.directive)} with these options runs on every render") }
        switch lookup {
        case .none: return .run("not in the cache")
        case .unreadable(let why): return .run("cache entry ignored: \(why)")
        case .entry(let entry):
            if let stale = verifyReason(entry) ?? store?.staleness(of: entry, key: key, invocation: invocation, digests: run.digests) { return .run(stale) }
            return .cached(entry)
        }
    }

    /// The one place a stage's result is produced: from the cache when its entry still holds
    /// (see `StageCacheEntry`), else by running the directive and storing the result.
    func execute(_ invocation: StageInvocation, of directive: any Directive.Type, in context: StageContext,
                 store: StageCache?, objects: CachedObjects, run: inout CacheRun) async throws -> StageExecution {
        let id = invocation.id
        let instance = try directive.make(invocation.options)
        let key = invocation.cacheKey(upstreamDigests: run.digests)
        let lookup = (cache.read ? store?.lookup(id: id, directive: invocation.directive) ?? .none : .none).allowed(by: context.paths)
        let dependsOn = invocation.upstream + (lookup.entry?.used.map(\.id) ?? [])

        let reason: String
        switch whyRun(invocation, instance: instance, lookup: lookup, dependsOn: dependsOn, key: key, store: store, run: &run) {
        case .run(let why):
            reason = why
        case .cached(let entry):
            run.digests[id] = entry.digest
            if entry.hasObject {
                await objects.register(id) {
                    context.progress("re-running '\(id)' for its in-memory result (not cached)")
                    let again = StageContext(document: context.document, params: context.params, id: id,
                                             line: context.line, earlier: context.earlier, verifyInputs: context.verifyInputs,
                                             progress: context.progress, paths: context.paths, materialize: context.materialize)
                    return try await instance.run(in: again)
                }
            }
            return StageExecution(result: entry.result, upstream: entry.used.map(\.id),
                                  cached: .init(computed: entry.computed, seconds: entry.seconds), reason: nil)
        }

        let clock = ContinuousClock()
        let start = clock.now
        let result = try await instance.run(in: context)
        let elapsed = clock.now - start
        let upstream = invocation.upstream + context.usedStages.filter { !invocation.upstream.contains($0) }
        // A stage that had no entry (so no recorded dependencies) still passes a refresh on.
        if upstream.contains(where: run.refreshed.contains) { run.refreshed.insert(id) }
        let used = upstream.map { StageCacheEntry.Use(id: $0, digest: run.digests[$0] ?? "none") }
        let digest = StageCacheEntry.digest(key: key, used: used, files: result.files, fields: result.fields)
        run.digests[id] = digest
        if let store, cache.write {
            let entry = StageCacheEntry(
                format: StageCacheEntry.currentFormat, version: WeaveVersion.current, id: id, directive: invocation.directive,
                key: key, options: invocation.canonicalOptions, digest: digest, used: used, fields: result.fields,
                html: result.html, files: result.files, hasObject: result.object != nil, computed: Date(),
                seconds: Self.seconds(elapsed))
            do { try store.store(entry) } catch { context.progress("stage cache not written: \(error.message)") }
        }
        return StageExecution(result: result, upstream: upstream, cached: nil, reason: reason)
    }

    /// `--verify` runs a stage with input files again, so that they are hashed now.
    private func verifyReason(_ entry: StageCacheEntry) -> String? {
        cache.verify && entry.files.contains { $0.role == .input } ? "--verify re-hashes its inputs" : nil
    }
}
