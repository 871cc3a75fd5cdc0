import Yams

/// YAML text that starts on a known line of a source file: parses it with Yams and maps
/// libyaml's line numbers back to the file's.
struct YAMLText {
    let text: String
    /// The file line of the text's first line.
    let firstLine: Int
    let file: String

    /// Nodes a text may stand for once its aliases are followed. Yams shares an anchored node
    /// between its aliases, but reading the values walks every use: nine levels of
    /// `&a [*b, *b, …]` are billions of nodes (an "alias bomb").
    static let nodeLimit = 100_000

    /// The root node, nil for empty text. Syntax errors carry the file line; so does a text
    /// whose aliases expand past `nodeLimit`.
    func compose() throws(ReportError) -> Node? {
        do {
            let root = try Yams.compose(yaml: text)
            if let root, let deep = Self.nodeBeyondLimit(in: root) {
                throw ReportError.badYAML(location(of: deep), message: Self.tooLarge)
            }
            return root
        } catch let error as ReportError {
            throw error
        } catch let error as YamlError {
            throw ReportError.badYAML(location(ofYAMLLine: error.line ?? 1), message: error.problem)
        } catch {
            throw ReportError.badYAML(location(ofYAMLLine: 1), message: String(describing: error))
        }
    }

    static let tooLarge = "its aliases (*name) expand to more than \(nodeLimit) values; write the values out instead"

    /// The node at which a walk of `root`, aliases followed, passes `nodeLimit` (nil when it does not).
    static func nodeBeyondLimit(in root: Node) -> Node? {
        var count = 0
        func walk(_ node: Node) -> Node? {
            count += 1
            if count > nodeLimit { return node }
            switch node {
            case .scalar: return nil
            case .sequence(let items):
                for item in items { if let found = walk(item) { return found } }
            case .mapping(let pairs):
                for (key, value) in pairs { if let found = walk(key) ?? walk(value) { return found } }
            }
            return nil
        }
        return walk(root)
    }

    /// The file location of a node (its first line when Yams recorded no mark).
    func location(of node: Node) -> SourceLocation {
        location(ofYAMLLine: node.mark?.line ?? 1)
    }

    func location(ofYAMLLine line: Int) -> SourceLocation {
        SourceLocation(file: file, line: firstLine + line - 1)
    }
}
