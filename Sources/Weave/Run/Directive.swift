/// One kind of fenced ```` ```{name} ```` block: a pipeline stage that runs in document order.
///
/// The engine validates the block's YAML body against the declarations in `Options` (unknown,
/// missing, mistyped and out-of-range options are document errors with `file:line`), substitutes
/// `{{ … }}` values, builds the directive with `init(options:)`, then calls `run(in:)`. The
/// result's fields (exactly those in `fields`) become `{{ id.field }}` values for later prose and
/// directives; its HTML replaces the block.
public protocol Directive: Sendable {
    associatedtype Options: DirectiveOptionSet
    static var name: String { get }
    /// One sentence for `atlasweave directives`.
    static var summary: String { get }
    static var fields: [FieldSpec] { get }

    /// Interprets validated options; throws `DirectiveError.invalidOption` (see
    /// `OptionValues.invalid`) for values that are each allowed but do not go together.
    init(options: OptionValues<Options>) throws

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

    /// The declared options, in declaration order (without the common ones every directive takes).
    public static var options: [OptionSpec] { Options.specs }

    /// The directive built from options the engine has bound.
    static func make(_ options: DirectiveOptions) throws -> any Directive {
        try Self(options: OptionValues(options))
    }
}

extension Directive {
    /// The directive built from option values through the engine's own binding (defaults,
    /// kinds, ranges, choices), as a block with these options would be: for tests and tools
    /// that run a directive without a document.
    package static func bound(_ values: [String: Value], file: String = "options") throws -> Self {
        let body = values.keys.sorted().map { "\($0): \(values[$0]!.yamlFlowItem)" }.joined(separator: "\n")
        let options = try OptionBinding(directive: Self.self, fenceLine: 0, file: file).bind(body)
        return try Self(options: OptionValues(options))
    }
}
