import Foundation
import TestSupport
@testable import Weave

/// A report written into a fresh folder and rendered by the real engine and templates.
struct ReportFixture {
    static let directives: [any Directive.Type] = [Echo.self, Fail.self, Write.self, Chatty.self, Copy.self, Load.self, Use.self]

    let folder: URL
    let report: URL

    init(_ markdown: String, name: String = "report") throws {
        folder = try TestPaths.temporaryDirectory("weave")
        report = folder.appendingPathComponent("\(name).md")
        try Data(markdown.utf8).write(to: report)
    }

    /// Replaces the report's Markdown, as an editor's save does.
    func edit(_ markdown: String) throws {
        try Data(markdown.utf8).write(to: report)
    }

    @discardableResult
    func write(_ text: String, to path: String) throws -> URL {
        let url = folder.appendingPathComponent(path)
        try Data(text.utf8).write(to: url)
        return url
    }

    func load(paramsFile: URL? = nil, commandLine: [(name: String, value: String)] = []) throws(ReportError) -> ReportDocument {
        try ReportDocument.load(url: report, directives: Self.directives, paramsFile: paramsFile, commandLine: commandLine)
    }

    /// Renders and returns the outcome and the written HTML.
    func render(paramsFile: URL? = nil, commandLine: [(name: String, value: String)] = [], cache: CachePolicy = .normal,
                events: @escaping @Sendable (RenderEvent) -> Void = { _ in }) async throws -> (outcome: RenderOutcome, html: String) {
        let document = try load(paramsFile: paramsFile, commandLine: commandLine)
        let template = try ReportTemplate(directory: TestPaths.packageRoot.appendingPathComponent("templates"))
        let outcome = try await ReportRenderer(template: template, cache: cache).render(document, events: events)
        return (outcome, try String(contentsOf: outcome.output, encoding: .utf8))
    }

    /// The document error loading raises (the test fails if there is none).
    func loadError(paramsFile: URL? = nil, commandLine: [(name: String, value: String)] = []) -> ReportError? {
        do {
            _ = try load(paramsFile: paramsFile, commandLine: commandLine)
            return nil
        } catch {
            return error
        }
    }

    /// The `<main>` part of a report, where the document's own content goes.
    static func main(of html: String) -> String {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
