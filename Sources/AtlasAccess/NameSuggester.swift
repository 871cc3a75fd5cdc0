/// Picks the closest valid name for a "did you mean" hint. AtlasAccess does not depend on the
/// report engine, so callers pass `Suggestion.didYouMean` from Weave.
public typealias NameSuggester = @Sendable (_ name: String, _ candidates: [String]) -> String?
