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
        if let line = Self.lineBeyondDepthLimit(in: text) {
            throw ReportError.badYAML(location(ofYAMLLine: line), message: Self.tooDeep)
        }
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

    /// Nesting a text may have. Yams builds nodes recursively, so thousands of `[` overflow
    /// the stack; real documents nest a few levels.
    static let depthLimit = 200
    static let tooDeep = "values nested more than \(depthLimit) levels deep"

    /// The 1-based line where the nesting of `text` passes `depthLimit`, estimated without
    /// parsing it: open flow brackets (outside quotes and comments) plus the line's indentation
    /// and its leading `- ` entries (each can open a level). Nil when it stays within.
    static func lineBeyondDepthLimit(in text: String) -> Int? {
        var flow = 0
        var quote: UInt8? = nil
        for (index, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let bytes = Array(line)
            var i = 0, entries = 0
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            let indentation = i
            while i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] == UInt8(ascii: " ") {
                entries += 1
                i += 2
            }
            scan: while i < bytes.count {
                let byte = bytes[i]
                if let open = quote {
                    if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") { i += 1 } else if byte == open { quote = nil }
                } else {
                    switch byte {
                    // A quote opens a scalar only where one can start (not the apostrophe in `Bob's`).
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        if i == 0 || " [{,:".utf8.contains(bytes[i - 1]) { quote = byte }
                    case UInt8(ascii: "["), UInt8(ascii: "{"): flow += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"): flow = max(0, flow - 1)
                    case UInt8(ascii: "#") where i == 0 || bytes[i - 1] == UInt8(ascii: " "): break scan
                    default: break
                    }
                }
                if flow + indentation + entries > depthLimit { return index + 1 }
                i += 1
            }
            if flow + indentation + entries > depthLimit { return index + 1 }
        }
        return nil
    }

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
