import AtomicFiles
import Foundation
import TextFormats

/// Runs a validated report's stages in document order and writes the HTML report.
///
/// A stage that throws at run time gets an error callout in its place; the stages after it
/// are shown as skipped, and the report is still written.
public struct ReportRenderer: Sendable {
    public let template: ReportTemplate
    /// When the render happened, for the provenance section.
    public let date: Date
    public let cache: CachePolicy
    /// Folders outside the report's folder its stages may read and write (`--allow-outside`).
    public let allowOutside: [URL]

    public init(template: ReportTemplate, date: Date = Date(), cache: CachePolicy = .normal, allowOutside: [URL] = []) {
        self.template = template
        self.date = date
        self.cache = cache
        self.allowOutside = allowOutside
    }

    /// Runs the stages (or takes their results from the stage cache) and writes the report.
    /// A document is rendered once: weaving edits its Markdown tree (load it again to render again).
    public func render(_ document: ReportDocument,
                       events: @escaping @Sendable (RenderEvent) -> Void = { _ in }) async throws(ReportError) -> RenderOutcome {
        let ids = document.stages.map(\.id)
        if let unknown = cache.refresh.sorted().first(where: { !ids.contains($0) }) {
            throw .unknownRefresh(id: unknown, known: ids)
        }
        let scope = ValueScope(params: document.params.values)
        let store = cache.read || cache.write ? StageCache(report: document.url) : nil
        let objects = CachedObjects()
        let paths = PathPolicy(document: document, allowOutside: allowOutside)
        var run = CacheRun()
        var records: [StageRecord] = []
        let count = document.stages.count

        for stage in document.stages {
            scope.declare(id: stage.id, directive: stage.directive)
            var record = StageRecord(index: stage.index, directive: stage.name, id: stage.id, line: stage.line,
                                     status: .skipped, seconds: 0, result: nil)
            if records.contains(where: { $0.status != .ran }) {
                records.append(record)
                events(.finished(record, count: count))
                continue
            }
            events(.started(index: stage.index, count: count, directive: stage.name, id: stage.id))
            let clock = ContinuousClock()
            let start = clock.now
            await runStage(stage, of: document, into: &record, scope: scope, store: store, objects: objects, paths: paths, run: &run, events: events)
            record.seconds = Self.seconds(clock.now - start)
            records.append(record)
            events(.finished(record, count: count))
        }
        let rerun = await objects.rerun
        for i in records.indices where rerun.contains(records[i].id) { records[i].rerunForObject = true }
        if let store, cache.write {
            do { try store.finish(keeping: Set(ids)) } catch { events(.progress("stage cache not updated: \(error.message)")) }
        }

        let valueErrors = substituteProse(document, scope: scope, records: records)
            + ReportImages.embed(document, policy: paths)
        let output = document.reportLocation(policy: paths)
        let body = weave(document, records: records,
                         pageToReportFolder: RelativePath.from(output.deletingLastPathComponent(), to: document.url.deletingLastPathComponent()))
        let page = ReportPage(document: document, body: body.html, toc: body.toc, stages: records, date: date, output: output)
        try AtomicFile.writeReportFile(Data(template.render(page).utf8), to: output)
        return RenderOutcome(output: output, stages: records, valueErrors: valueErrors)
    }

    /// Binds the stage's options with the values known now and executes it (from the cache or
    /// by running it); the record gets its result, or the failure and the line it belongs to.
    private func runStage(_ stage: ReportDocument.Stage, of document: ReportDocument, into record: inout StageRecord,
                     scope: ValueScope, store: StageCache?, objects: CachedObjects, paths: PathPolicy, run: inout CacheRun,
                     events: @escaping @Sendable (RenderEvent) -> Void) async {
        let file = document.url.path
        var optionLines: [String: Int] = [:]
        do {
            let body = try scope.substitute(stage.body, stage.references, file: file, firstLine: stage.line + 1)
            let options = try OptionBinding(directive: stage.directive, fenceLine: stage.line, file: file).bind(body)
            optionLines = options.lines
            var upstream: [String] = []
            for reference in stage.references where reference.head != "params" && !upstream.contains(reference.head) {
                upstream.append(reference.head)
            }
            let invocation = StageInvocation(directive: stage.name, id: stage.id, options: options, upstream: upstream)
            let context = StageContext(document: document.url, params: document.params.values, id: stage.id,
                                       line: stage.line, earlier: run.earlier, verifyInputs: cache.verify,
                                       progress: { events(.progress($0)) }, paths: paths,
                                       materialize: { try await objects.result(of: $0) })
            let execution = try await execute(invocation, of: stage.directive, in: context, store: store,
                                              objects: objects, run: &run)
            record.upstream = execution.upstream
            record.status = .ran
            record.result = execution.result
            record.cached = execution.cached
            record.reason = execution.reason
            scope.record(id: stage.id, result: execution.result)
            run.earlier.append((stage.id, stage.name, execution.result))
        } catch {
            record.fail(with: error, optionLines: optionLines)
        }
    }

    // MARK: - Weaving

    /// Puts values into prose text nodes: numbers with separators, escaped by cmark when
    /// rendered. Returns the values that named a record key the run did not produce.
    private func substituteProse(_ document: ReportDocument, scope: ValueScope, records: [StageRecord]) -> [ReportError] {
        var errors: [ReportError] = []
        for prose in document.prose {
            let text = ValueReference.substitute(prose.text.literal, prose.references) { reference in
                if let value = scope.value(of: reference) { return value.prose }
                guard records.contains(where: { $0.id == reference.head && $0.status == .ran }) else {
                    return "⟨not computed: \(reference.name)⟩"
                }
                let location = SourceLocation(file: document.url.path, line: prose.text.line + reference.lineOffset)
                let known = scope.runtimeNames(for: reference)
                errors.append(.unknownValue(location, name: reference.name,
                                            suggestion: Suggestion.didYouMean(reference.name, among: known), known: known))
                return "⟨unknown: \(reference.name)⟩"
            }
            document.markdown.setLiteral(prose.text.node, text)
        }
        return errors
    }

    /// Renders the Markdown with each directive block replaced by its stage's HTML (or an
    /// error/skipped callout) and headings given anchor ids; returns the body and the TOC.
    private func weave(_ document: ReportDocument, records: [StageRecord], pageToReportFolder: String) -> (html: String, toc: [ReportPage.TOCEntry]) {
        let nonce = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        func token(_ index: Int) -> String { "atlasweave\(nonce)stage\(index)" }
        for stage in document.stages { document.markdown.replaceWithPlaceholder(stage.node, token: token(stage.index)) }
        Callouts.apply(to: document.markdown)
        let captions = Dictionary(document.stages.compactMap { stage in stage.caption.map { (stage.id, $0) } }, uniquingKeysWith: { a, _ in a })
        let labels = CrossReferences.labels(records, captions: captions)
        CrossReferences.link(document.markdown, labels: labels)
        let headings = document.markdown.headings()
        var html = document.markdown.renderHTML()

        var slugs = HeadingSlugs()
        var toc: [ReportPage.TOCEntry] = []
        var cursor = html.startIndex
        for heading in headings {
            guard let open = html.range(of: "<h\(heading.level)>", range: cursor..<html.endIndex) else { break }
            let slug = slugs.slug(for: heading.text)
            let tag = "<h\(heading.level) id=\"\(HTML.escape(slug))\"><a class=\"anchor\" href=\"#\(HTML.escape(slug))\" aria-hidden=\"true\">#</a>"
            html.replaceSubrange(open, with: tag)
            cursor = html.index(open.lowerBound, offsetBy: tag.count)
            toc.append(ReportPage.TOCEntry(level: heading.level, slug: slug, text: heading.text))
        }

        for (stage, record) in zip(document.stages, records) {
            let fragment = TableDownload.rebaseFileLinks(Self.fragment(for: record, caption: stage.caption, label: labels[stage.id],
                                                                       folder: document.url.deletingLastPathComponent()),
                                                         prefix: pageToReportFolder)
            let t = token(stage.index)
            if html.contains("<p>\(t)</p>") {
                html = html.replacingOccurrences(of: "<p>\(t)</p>", with: fragment)
            } else {
                html = html.replacingOccurrences(of: t, with: fragment)
            }
        }
        return (html, toc)
    }

    private static func fragment(for record: StageRecord, caption: String?, label: String?, folder: URL) -> String {
        let origin = [("directive", "{\(record.directive)}"), ("id", record.id), ("line", String(record.failureLine ?? record.line))]
        let inner: HTMLText
        switch record.status {
        case .ran: inner = record.result?.html ?? ""
        case .failed(let message):
            inner = HTML.callout(kind: "error", title: "Stage '\(record.id)' failed",
                                 items: [("error", RelativePath.naming(pathsIn: message, from: folder))] + origin)
        case .skipped:
            inner = HTML.callout(kind: "skipped", title: "Stage '\(record.id)' not run: an earlier stage failed", items: origin)
        }
        guard let caption else {
            let section: HTMLText = "<section class=\"stage\" id=\"stage-\(record.id)\">\n\(inner)</section>\n"
            return section.rendered
        }
        let numbered = label.map { $0.hasPrefix("Figure ") || $0.hasPrefix("Table ") } == true
        let title: HTMLText = numbered ? "<span class=\"caption-label\">\(label ?? "").</span> \(caption)" : "\(caption)"
        let figure: HTMLText = "<figure class=\"stage\" id=\"stage-\(record.id)\">\n\(raw: ChartFrame.captioned(inner.rendered, caption: caption))<figcaption>\(title)</figcaption>\n</figure>\n"
        return figure.rendered
    }

    // MARK: - Output

    /// A recorded path, relative ones taken from the report's folder.
    static func resolve(_ path: String, against document: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : document.deletingLastPathComponent().appendingPathComponent(path)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
