import Foundation

/// How one stage of a render went, for the report, the provenance section and the exit code.
public struct StageRecord: Sendable {
    public enum Status: Sendable, Equatable {
        /// Its result is available: computed now or taken from the cache (see `cached`).
        case ran
        /// Failed at run time with this message; later stages were skipped.
        case failed(String)
        /// Not run because an earlier stage failed.
        case skipped
    }

    /// A result served from the stage cache: when it was computed and how long that took.
    public struct CacheOrigin: Sendable, Equatable {
        public let computed: Date
        public let seconds: Double
    }

    public let index: Int
    public let directive: String
    public let id: String
    /// Line of the opening fence in the report.
    public let line: Int
    /// For a failure, the line it is about: the option a directive rejected, else the fence.
    public var failureLine: Int?
    /// The failure is an error in the document found while running (a path outside the
    /// report's folder): the render exits 2, not 1.
    public var documentError = false
    public var status: Status
    /// Wall time of the run, or of the cache check for a cached stage (0 when skipped).
    public var seconds: Double
    public var result: StageResult?
    /// Earlier stages whose results this one used: `{{ id.field }}` in its body and
    /// `context.result(of:)` / `latest(directive:)` calls.
    public var upstream: [String] = []
    /// Set when the result came from the stage cache.
    public var cached: CacheOrigin?
    /// Why the stage ran instead of coming from the cache (`options changed`, `input a.csv
    /// changed`, `--refresh`, …); nil for a cached or skipped stage.
    public var reason: String?
    /// A cached stage run again during this render because a later stage needed its
    /// in-memory object, which the cache does not hold.
    public var rerunForObject = false

    /// Marks the stage failed with a run-time error, pointing at the line it is about: the
    /// option a directive rejected (`optionLines`), the document line a `ReportError` names,
    /// else the fence.
    mutating func fail(with error: any Error, optionLines: [String: Int]) {
        switch error {
        case let error as ReportError:
            status = .failed(error.message)
            failureLine = error.location?.line ?? line
        case let error as DirectiveError:
            status = .failed(error.description)
            failureLine = error.option.flatMap { optionLines[$0] } ?? line
            documentError = error.isDocumentError
        default:
            status = .failed(String(describing: error))
            failureLine = line
        }
    }

    /// Computed during this render (run, or re-run for its object).
    public var computedNow: Bool { status == .ran && (cached == nil || rerunForObject) }
}
