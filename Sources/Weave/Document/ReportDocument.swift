import Foundation

/// A report read and checked before anything runs: front matter, params with overrides,
/// the Markdown tree, and its directive blocks as stages in document order. Every document
/// error (`ReportError` with `file:line`) is raised here, so a bad report runs nothing.
public final class ReportDocument {
    /// A directive block: one pipeline stage.
    struct Stage {
        let index: Int
        let directive: any Directive.Type
        let id: String
        /// Line of the opening fence.
        let line: Int
        /// The YAML body as written, before value substitution.
        let body: String
        let references: [ValueReference]
        let node: MarkdownDocument.Node
        /// Its `output` option when the document gives it without stage values (where the
        /// HTML report goes is decided from these before anything runs).
        let output: String?
        /// Its `caption`, which makes it a target of prose `@ID`.
        let caption: String?

        var name: String { directive.name }
    }

    /// A prose text node holding `{{ … }}` values.
    struct ProseValues {
        let text: MarkdownDocument.Text
        let references: [ValueReference]
    }

    public let url: URL
    public let title: String
    public let params: ReportParams
    let markdown: MarkdownDocument
    let stages: [Stage]
    let prose: [ProseValues]

    /// Reads and validates the report at `url`.
    /// - Parameters:
    ///   - directives: the registry (`DirectiveCatalog.all`).
    ///   - paramsFile: a `--params` YAML file.
    ///   - commandLine: `-P name=value` pairs, applied last.
    public static func load(url: URL, directives: [any Directive.Type], paramsFile: URL? = nil,
                            commandLine: [(name: String, value: String)] = []) throws(ReportError) -> ReportDocument {
        let file = url.path
        // LF only: in Swift "\r\n" is one Character, which line splitting would miss.
        let text = try DocumentText.read(url).replacingOccurrences(of: "\r\n", with: "\n")
        let front = try FrontMatter(document: text, file: file)
        let title = front.title ?? url.deletingPathExtension().lastPathComponent
        let params = try ReportParams(declared: front, file: file, paramsFile: paramsFile, commandLine: commandLine)
        let markdown = MarkdownDocument(front.markdown)
        try ReportImages.checkRemote(markdown, file: file)

        let scope = ValueScope(params: params.values)
        var stages: [Stage] = []
        for block in markdown.codeBlocks() {
            guard let stage = try readStage(block, index: stages.count, earlier: stages, directives: directives,
                                            scope: scope, file: file) else { continue }
            stages.append(stage)
            scope.declare(id: stage.id, directive: stage.directive)
        }
        let prose = try readProse(markdown, scope: scope, file: file)
        try CrossReferences.check(markdown, stages: stages, file: file)
        return ReportDocument(url: url, title: title, params: params, markdown: markdown, stages: stages, prose: prose)
    }

    private init(url: URL, title: String, params: ReportParams, markdown: MarkdownDocument, stages: [Stage], prose: [ProseValues]) {
        self.url = url
        self.title = title
        self.params = params
        self.markdown = markdown
        self.stages = stages
        self.prose = prose
    }

    /// Where the HTML report goes, named after the report: the folder of the first h5ad
    /// `output`, else of the first `output`, else the report's own folder. Decided from the
    /// document, so a failed run writes it where a successful one does; an output the path
    /// policy refuses does not count (the report never lands outside its folder unasked).
    func reportLocation(policy: PathPolicy) -> URL {
        let allowed = stages.compactMap(\.output).compactMap { path -> URL? in
            try? policy.check(path, option: "output", access: .write)
        }
        let folder = (allowed.first { $0.pathExtension == "h5ad" } ?? allowed.first)?.deletingLastPathComponent()
            ?? url.deletingLastPathComponent()
        return folder.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".html")
    }

    /// Stands in for stage values before the run, so bodies can be checked without them.
    private static let pendingMarker = "atlasweave-pending-value"

    /// The stage of a `{name}` code block (nil for ordinary code), its body checked with
    /// params substituted and stage values pending.
    private static func readStage(_ block: MarkdownDocument.CodeBlock, index: Int, earlier: [Stage],
                                  directives: [any Directive.Type], scope: ValueScope, file: String) throws(ReportError) -> Stage? {
        guard let name = directiveName(block.info) else { return nil }
        let location = SourceLocation(file: file, line: block.line)
        guard let directive = directives.first(where: { $0.name == name }) else {
            throw .unknownDirective(location, name: name, known: directives.map { $0.name })
        }
        let scan = ValueReference.scan(block.literal)
        if let bad = scan.badSyntax {
            throw .badValueSyntax(SourceLocation(file: file, line: block.line + 1 + bad.lineOffset), text: bad.text)
        }
        let body = try scope.substitute(block.literal, scan.references, file: file, firstLine: block.line + 1,
                                        pendingMarker: pendingMarker)
        let options = try OptionBinding(directive: directive, fenceLine: block.line, file: file, pendingMarker: pendingMarker).bind(body)
        if !scan.references.contains(where: { $0.head != "params" }) {
            try checkMeaning(of: options, for: directive, fenceLine: block.line, file: file)
        }
        let id = options.id ?? name
        let idLocation = SourceLocation(file: file, line: options.lines["id"] ?? block.line)
        if id == "params" { throw .reservedId(idLocation, id: id) }
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw .invalidOption(idLocation, directive: name,
                                 message: "id '\(id)' may only contain letters, digits, '_' and '-' (it is used as {{ \(id).FIELD }})")
        }
        if let first = earlier.first(where: { $0.id == id }) {
            throw .duplicateId(idLocation, id: id, firstLine: first.line)
        }
        var output: String?
        if case .string(let path)? = options.values["output"], !path.isEmpty, !path.contains(pendingMarker) { output = path }
        return Stage(index: index, directive: directive, id: id, line: block.line, body: block.literal,
                     references: scan.references, node: block.node, output: output, caption: options.caption)
    }

    /// Prose text nodes holding values, each value checked against the params and every stage.
    private static func readProse(_ markdown: MarkdownDocument, scope: ValueScope, file: String) throws(ReportError) -> [ProseValues] {
        var prose: [ProseValues] = []
        for text in markdown.texts() where text.literal.contains("{{") {
            let scan = ValueReference.scan(text.literal)
            if let bad = scan.badSyntax {
                throw .badValueSyntax(SourceLocation(file: file, line: text.line + bad.lineOffset), text: bad.text)
            }
            for reference in scan.references {
                try scope.check(reference, at: SourceLocation(file: file, line: text.line + reference.lineOffset))
            }
            if !scan.references.isEmpty { prose.append(ProseValues(text: text, references: scan.references)) }
        }
        return prose
    }

    /// Builds the directive once so it can reject values of the right kind but a wrong
    /// meaning (`DirectiveError.invalidOption`) before anything runs.
    private static func checkMeaning(of options: DirectiveOptions, for directive: any Directive.Type,
                                     fenceLine: Int, file: String) throws(ReportError) {
        do {
            _ = try directive.make(options)
        } catch DirectiveError.invalidOption(let name, let message) {
            throw .invalidOption(SourceLocation(file: file, line: options.lines[name] ?? fenceLine), directive: directive.name,
                                 message: "option '\(name)': \(message)")
        } catch {
            throw .invalidOption(SourceLocation(file: file, line: fenceLine), directive: directive.name, message: String(describing: error))
        }
    }

    /// `name` for an info string `{name}` (optionally followed by spaces), else nil.
    static func directiveName(_ info: String) -> String? {
        let trimmed = info.trimmingTrailingWhitespace
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}"), trimmed.count > 2 else { return nil }
        let name = trimmed.dropFirst().dropLast()
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return String(name)
    }
}
