/// How one stage of a render went, for the report, the provenance section and the exit code.
public struct StageRecord: Sendable {
    public enum Status: Sendable, Equatable {
        case ran
        /// Failed at run time with this message; later stages were skipped.
        case failed(String)
        /// Not run because an earlier stage failed.
        case skipped
    }

    public let index: Int
    public let directive: String
    public let id: String
    /// Line of the opening fence in the report.
    public let line: Int
    /// For a failure, the line it is about: the option a directive rejected, else the fence.
    public var failureLine: Int?
    public var status: Status
    /// Wall time of the run (0 when skipped).
    public var seconds: Double
    public var result: StageResult?
    /// Earlier stages whose results this one used: `{{ id.field }}` in its body and
    /// `context.result(of:)` / `latest(directive:)` calls.
    public var upstream: [String] = []
}
