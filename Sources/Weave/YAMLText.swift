import Yams

/// YAML text that starts on a known line of a source file: parses it with Yams and maps
/// libyaml's line numbers back to the file's.
struct YAMLText {
    let text: String
    /// The file line of the text's first line.
    let firstLine: Int
    let file: String

    /// The root node, nil for empty text. Syntax errors carry the file line.
    func compose() throws(ReportError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ReportError.badYAML(location(ofYAMLLine: error.line ?? 1), message: error.problem)
        } catch {
            throw ReportError.badYAML(location(ofYAMLLine: 1), message: String(describing: error))
        }
    }

    /// The file location of a node (its first line when Yams recorded no mark).
    func location(of node: Node) -> SourceLocation {
        location(ofYAMLLine: node.mark?.line ?? 1)
    }

    func location(ofYAMLLine line: Int) -> SourceLocation {
        SourceLocation(file: file, line: firstLine + line - 1)
    }
}
