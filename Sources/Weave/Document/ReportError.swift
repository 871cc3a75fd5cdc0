import TextFormats

/// Errors about a report before or around its stages: the document, its params, the
/// template, the output file. Document errors carry the `file:line` of the offending text.
public enum ReportError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, message: String)
    case unclosedFrontMatter(SourceLocation)
    case badFrontMatter(SourceLocation, message: String)
    case unknownDirective(SourceLocation, name: String, known: [String])
    case unknownOption(SourceLocation, directive: String, option: String, valid: [String])
    case mistypedOption(SourceLocation, directive: String, option: String, expected: OptionSpec.Kind, got: String)
    case missingOption(SourceLocation, directive: String, option: String)
    /// A value of the right kind outside the option's declared range or choices.
    case disallowedOption(SourceLocation, directive: String, option: String, allowed: String, got: String, hint: String)
    case invalidOption(SourceLocation, directive: String, message: String)
    case badYAML(SourceLocation, message: String)
    /// A NUL or a byte that is not UTF-8 in the document or a `--params` file.
    case invalidText(SourceLocation, message: String)
    /// A prose image that is remote, or local but cannot be embedded.
    case badImage(SourceLocation, message: String)
    case badValueSyntax(SourceLocation, text: String)
    case unknownValue(SourceLocation, name: String, suggestion: String?, known: [String])
    case duplicateId(SourceLocation, id: String, firstLine: Int)
    case reservedId(SourceLocation, id: String)
    case undeclaredParam(SourceLocation, name: String, origin: String, declared: [String])
    case badParam(SourceLocation, name: String, message: String)
    case template(path: String, message: String)
    case unwritable(path: String, message: String)
    /// `--refresh ID` names no stage of the report.
    case unknownRefresh(id: String, known: [String])
    /// A stage served from the cache had to be re-run for its in-memory object and failed.
    case rerunFailed(id: String, message: String)

    /// Where in a source file the error is, when it is about a source file.
    public var location: SourceLocation? {
        switch self {
        case .unclosedFrontMatter(let l), .badFrontMatter(let l, _), .unknownDirective(let l, _, _),
             .unknownOption(let l, _, _, _), .mistypedOption(let l, _, _, _, _), .missingOption(let l, _, _),
             .disallowedOption(let l, _, _, _, _, _),
             .invalidOption(let l, _, _), .badYAML(let l, _), .invalidText(let l, _), .badImage(let l, _),
             .badValueSyntax(let l, _), .unknownValue(let l, _, _, _),
             .duplicateId(let l, _, _), .reservedId(let l, _), .undeclaredParam(let l, _, _, _), .badParam(let l, _, _):
            return l
        case .unreadable, .template, .unwritable, .unknownRefresh, .rerunFailed:
            return nil
        }
    }

    /// A problem with the report or its params (exit status 2), as opposed to the
    /// installation or the file system (template missing, output not writable).
    public var isDocumentError: Bool {
        switch self {
        case .template, .unwritable, .rerunFailed: return false
        default: return true
        }
    }

    /// The message without the location.
    public var message: String {
        switch self {
        case .unreadable(let path, let message): return "cannot read \(path): \(message)"
        case .unclosedFrontMatter: return "front matter opened with '---' is never closed; expected a line '---' after the YAML"
        case .badFrontMatter(_, let message): return "front matter: \(message)"
        case .unknownDirective(_, let name, let known):
            return "unknown directive '{\(name)}'\(Self.hint(name, known)); known directives: \(known.joined(separator: ", "))"
        case .unknownOption(_, let directive, let option, let valid):
            return "unknown option '\(option)' for {\(directive)}\(Self.hint(option, valid)); valid options: \(valid.joined(separator: ", "))"
        case .mistypedOption(_, let directive, let option, let expected, let got):
            return "option '\(option)' of {\(directive)} expects \(Self.article(expected.rawValue)), got \(got)"
        case .missingOption(_, let directive, let option):
            return "{\(directive)} needs option '\(option)'"
        case .disallowedOption(_, let directive, let option, let allowed, let got, let hint):
            return "option '\(option)' of {\(directive)} expects \(allowed), got \(got)\(hint)"
        case .invalidOption(_, let directive, let message): return "{\(directive)}: \(message)"
        case .badYAML(_, let message): return "invalid YAML: \(message)"
        case .invalidText(_, let message), .badImage(_, let message): return message
        case .badValueSyntax(_, let text):
            return "'\(text)' is not a value name; expected {{ params.NAME }} or {{ ID.FIELD }}"
        case .unknownValue(_, let name, let suggestion, let known):
            let hint = Suggestion.hint(suggestion)
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "unknown value '\(name)'\(hint); known here: \(list)"
        case .duplicateId(_, let id, let firstLine):
            return "duplicate stage id '\(id)' (first used at line \(firstLine)); give one of them another 'id:'"
        case .reservedId(_, let id): return "'\(id)' cannot be a stage id: it is reserved for {{ \(id).NAME }}"
        case .undeclaredParam(_, let name, let origin, let declared):
            let list = declared.isEmpty ? "none" : declared.joined(separator: ", ")
            return "\(origin) sets param '\(name)', which the front matter does not declare\(Self.hint(name, declared)); declared params: \(list)"
        case .badParam(_, let name, let message): return "param '\(name)': \(message)"
        case .template(let path, let message): return "template \(path): \(message)"
        case .unwritable(let path, let message): return "cannot write \(path): \(message)"
        case .unknownRefresh(let id, let known):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "--refresh \(id): the report has no stage with this id\(Self.hint(id, known)); stage ids: \(list)"
        case .rerunFailed(let id, let message):
            return "re-running cached stage '\(id)' to rebuild its in-memory result failed: \(message)"
        }
    }

    /// `file:line: error: message`, the form editors and terminals link.
    public var description: String {
        if let location { return "\(location): error: \(message)" }
        return "error: \(message)"
    }

    private static func hint(_ name: String, _ candidates: [String]) -> String {
        Suggestion.hint(name, among: candidates)
    }

    private static func article(_ kind: String) -> String {
        (kind.first.map { "aeiou".contains($0) } ?? false) ? "an \(kind)" : "a \(kind)"
    }
}
