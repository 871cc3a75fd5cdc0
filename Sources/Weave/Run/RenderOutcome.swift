import Foundation

/// What `ReportRenderer.render` did: where the HTML went and how each stage went.
public struct RenderOutcome: Sendable {
    public let output: URL
    public let stages: [StageRecord]
    /// Prose values that could not be resolved after the run (a record without the named
    /// key); they show as `⟨unknown …⟩` in the report.
    public let valueErrors: [ReportError]

    /// The stage that failed at run time, if any.
    public var failure: StageRecord? {
        stages.first { if case .failed = $0.status { return true } else { return false } }
    }

    /// Stages computed during this render rather than taken from the stage cache.
    public var computed: [StageRecord] { stages.filter(\.computedNow) }

    /// Stages whose results came from the stage cache.
    public var cached: [StageRecord] { stages.filter { $0.status == .ran && $0.cached != nil } }
}
