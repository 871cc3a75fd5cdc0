import TextFormats
import Yams

/// The YAML header of a report between `---` lines: its title and declared params.
struct FrontMatter {
    struct Param {
        let name: String
        let defaultValue: Value
        let line: Int
    }

    var title: String?
    var params: [Param] = []
    /// Line of the `params:` key (or 1), where errors about overriding params point.
    var paramsLine = 1
    /// The document with the front matter lines blanked, so Markdown line numbers stay the file's.
    var markdown: String

    private static let keys = ["title", "params"]

    /// Splits off and parses the front matter of `text` (none if the first line is not `---`).
    init(document text: String, file: String) throws(ReportError) {
        // A byte-order mark (some Windows editors write one) would hide the opening `---`.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.trimmingTrailingWhitespace == "---" else {
            markdown = text
            return
        }
        guard let close = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingTrailingWhitespace) }) else {
            throw .unclosedFrontMatter(SourceLocation(file: file, line: 1))
        }
        let yaml = YAMLText(text: lines[1..<close].joined(separator: "\n"), firstLine: 2, file: file)
        for i in 0...close { lines[i] = "" }
        markdown = lines.joined(separator: "\n")
        guard let root = try yaml.compose() else { return }
        guard case .mapping(let mapping) = root else {
            throw .badFrontMatter(yaml.location(of: root), message: "expected a mapping with keys \(Self.keys.joined(separator: ", "))")
        }
        for (key, value) in mapping {
            let name = key.string ?? ""
            switch name {
            case "title":
                title = Value(yaml: value).plain
            case "params":
                paramsLine = yaml.location(of: key).line
                guard case .mapping(let declared) = value else {
                    throw .badFrontMatter(yaml.location(of: value), message: "'params' must map each param name to its default value")
                }
                params = declared.map { Param(name: $0.key.string ?? "", defaultValue: Value(yaml: $0.value), line: yaml.location(of: $0.key).line) }
            default:
                let hint = Suggestion.hint(name, among: Self.keys)
                throw .badFrontMatter(yaml.location(of: key), message: "unknown key '\(name)'\(hint); expected \(Self.keys.joined(separator: ", "))")
            }
        }
    }
}
