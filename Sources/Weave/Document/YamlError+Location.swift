import Yams

extension YamlError {
    /// The 1-based line within the parsed YAML text, when libyaml reported one.
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    /// libyaml's problem and context, without Yams' snippet of the text.
    var problem: String {
        switch self {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            return [problem, context?.text].compactMap { $0 }.joined(separator: " ")
        case .reader(let problem, _, _, _): return problem
        default: return String(describing: self)
        }
    }
}
