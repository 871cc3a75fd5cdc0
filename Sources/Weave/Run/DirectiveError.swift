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
    /// A `table:`-style reference that is neither an earlier stage's id nor an existing file;
    /// `path` is where the file was looked for, from the report's folder.
    case tableNotFound(reference: String, path: String, known: [String])
    /// An option naming a file outside the report's folder that the command line did not
    /// allow (`PathPolicy`); `resolved` is the path from the report's folder.
    case outsideReportFolder(option: String, path: String, access: String, resolved: String)

    /// An error in the document rather than at run time (the render exits 2): the path
    /// policy, which a document alone cannot get round.
    public var isDocumentError: Bool {
        if case .outsideReportFolder = self { return true }
        return false
    }

    /// The option the error is about, when it names one (the renderer points at its line).
    public var option: String? {
        switch self {
        case .invalidOption(let name, _), .outsideReportFolder(let name, _, _, _): return name
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .invalidOption(let name, let message): return "option '\(name)': \(message)"
        case .unknownStage(let id, let known):
            let hint = Suggestion.hint(id, among: known)
            return "no earlier stage has id '\(id)'\(hint); earlier stages: \(known.joined(separator: ", "))"
        case .wrongStageKind(let id, let expected): return "stage '\(id)' does not provide \(expected)"
        case .missingStage(let directive, let purpose):
            return "no {\(directive)} stage above this one; add one \(purpose)"
        case .tableNotFound(let reference, let path, let known):
            // `cels.csv` is compared as `cels`, so a stage id can be suggested.
            let name = reference.lowercased().hasSuffix(".csv") ? String(reference.dropLast(4)) : reference
            let hint = Suggestion.didYouMean(name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            let ids = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "file not found: \(path) (from the report's folder), and no earlier stage has id '\(reference)'\(hint); earlier stage ids: \(ids)"
        case .outsideReportFolder(let option, let path, let access, let resolved):
            let shown = path == resolved ? "'\(path)'" : "'\(path)' (\(resolved))"
            return "option '\(option)' \(access) \(shown), outside the report's folder; a document alone may not read or write there: "
                + "allow the folder with --allow-outside DIR, or give the path with -P or --params"
        }
    }
}
