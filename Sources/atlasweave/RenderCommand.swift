import ArgumentParser
import Directives
import Foundation
import Weave

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Run a report's directives in order and write its HTML report.",
        discussion: """
            Exit status: 0 on success, 2 for an error in the document or the command line \
            (nothing runs), 1 when a stage fails at run time (the report is still written).
            """)

    @Argument(help: "The report, a Markdown file with directive blocks.")
    var report: String

    @Option(name: .customShort("P"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Override a param declared in the front matter.", valueName: "name=value"))
    var param: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A YAML file of param overrides (-P wins).", valueName: "file.yml"))
    var paramsFile: String?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        for pair in param where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("-P expects name=value, got '\(pair)'")
        }
    }

    func run() async throws {
        let overrides = param.map { pair -> (name: String, value: String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let url = URL(fileURLWithPath: report).standardizedFileURL
        let outcome: RenderOutcome
        do {
            let document = try ReportDocument.load(url: url, directives: DirectiveCatalog.all,
                                                   paramsFile: paramsFile.map { URL(fileURLWithPath: $0) }, commandLine: overrides)
            let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
            let template = try ReportTemplate(directory: ReportTemplate.locate(from: executable))
            let progress = ProgressLines(enabled: !quiet, live: StandardError.isTerminal) { StandardError.write($0, newline: false) }
            outcome = try await ReportRenderer(template: template).render(document, events: progress.handle)
        } catch {
            StandardError.write(error.description)
            throw ExitCode(error.isDocumentError ? 2 : 1)
        }
        for error in outcome.valueErrors { StandardError.write(error.description) }
        if let failure = outcome.failure, case .failed(let message) = failure.status {
            StandardError.write("\(url.path):\(failure.failureLine ?? failure.line): error: stage '\(failure.id)' ({\(failure.directive)}) failed: \(message)")
        }
        if !quiet { StandardError.write("report: \(outcome.output.path)") }
        if outcome.failure != nil { throw ExitCode(1) }
        if !outcome.valueErrors.isEmpty { throw ExitCode(2) }
    }
}
