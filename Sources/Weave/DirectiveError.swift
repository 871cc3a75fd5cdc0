import TextFormats

/// Errors a directive raises about its own options or inputs.
public enum DirectiveError: Error, Sendable, CustomStringConvertible {
    /// An option whose value has the right kind but not an acceptable meaning.
    case invalidOption(name: String, message: String)
    /// A reference to an earlier stage (`table: cells`) that does not exist or has no such output.
    case unknownStage(id: String, known: [String])
    case wrongStageKind(id: String, expected: String)
    /// A directive that needs an earlier stage of another directive (`metadata` needs `atlas`).
    case missingStage(directive: String, purpose: String)

    public var description: String {
        switch self {
        case .invalidOption(let name, let message): return "option '\(name)': \(message)"
        case .unknownStage(let id, let known):
            let hint = Suggestion.didYouMean(id, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            return "no earlier stage has id '\(id)'\(hint); earlier stages: \(known.joined(separator: ", "))"
        case .wrongStageKind(let id, let expected): return "stage '\(id)' does not provide \(expected)"
        case .missingStage(let directive, let purpose):
            return "no {\(directive)} stage above this one; add one \(purpose)"
        }
    }
}
