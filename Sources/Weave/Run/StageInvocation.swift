/// What a stage's result depends on besides the files it reads: the directive, its options
/// after value substitution and the earlier stages whose values its body uses. This is the
/// material of a stage-cache key (with the atlasweave version and input file hashes).
public struct StageInvocation: Sendable {
    public let directive: String
    public let id: String
    public let options: DirectiveOptions
    /// Ids of earlier stages named by `{{ id.field }}` in the body, in order of first use.
    public let upstream: [String]

    /// The options as stable text: one `name: value` line per option, sorted by name.
    public var canonicalOptions: String {
        options.values.keys.sorted().map { "\($0): \(options.values[$0]!.yamlText)" }.joined(separator: "\n")
    }
}
