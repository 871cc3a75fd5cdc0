/// One kind of fenced ```` ```{name} ```` block: a pipeline stage that runs in document order.
///
/// The engine validates the block's YAML body against `options` (unknown, missing and mistyped
/// options are document errors with `file:line`), substitutes `{{ … }}` values, builds the
/// directive with `init(options:)`, then calls `run(in:)`. The result's fields become
/// `{{ id.field }}` values for later prose and directives; its HTML replaces the block.
public protocol Directive: Sendable {
    static var name: String { get }
    /// One sentence for `atlasweave directives`.
    static var summary: String { get }
    static var options: [OptionSpec] { get }
    static var fields: [FieldSpec] { get }

    /// Interprets validated options; throws `DirectiveError.invalidOption` for a value of the
    /// right kind but a wrong meaning (a negative target, say).
    init(options: DirectiveOptions) throws

    /// Runs the stage. Errors thrown here are run-time failures: the report shows them and
    /// the render exits 1.
    func run(in context: StageContext) async throws -> StageResult

    /// Whether a cached result may stand for a run. The stage cache sees the options, the
    /// earlier results used and the files recorded in `StageResult.files`; a stage whose
    /// result depends on anything else (a remote `latest` manifest) returns false and runs on
    /// every render — the stages after it still come from the cache while its result is the same.
    var cacheable: Bool { get }
}

extension Directive {
    public var cacheable: Bool { true }
}
