import ArgumentParser
import Directives
import Foundation
import Weave

/// The arguments `render` and `watch` share: the report, its params and the cache flags.
struct RenderOptions: ParsableArguments {
    @Argument(help: "The report, a Markdown file with directive blocks.")
    var report: String

    @Option(name: .customShort("P"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Override a param declared in the front matter.", valueName: "name=value"))
    var param: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A YAML file of param overrides (-P wins).", valueName: "file.yml"))
    var paramsFile: String?

    @Option(name: .customLong("allow-outside"), help: ArgumentHelp(
        "Let the report's options read and write in this folder outside the report's folder (repeatable).",
        valueName: "dir"))
    var allowOutside: [String] = []

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @Option(name: .customLong("refresh"), help: ArgumentHelp(
        "Re-run this stage and every stage that depends on it, whatever the cache holds (repeatable). --refresh without an id re-runs every stage.",
        valueName: "id"))
    var refresh: [String] = []

    @Flag(name: .customLong("refresh-all"), help: "Re-run every stage and store the new results (what a bare --refresh means).")
    var refreshAll = false

    @Flag(name: .customLong("no-cache"), help: "Run every stage; neither read nor write the stage cache in .atlasweave/.")
    var noCache = false

    @Flag(help: "Re-hash every cached input (atlas files the cache records as verified, files the stage cache knows) and re-run the stages that read them.")
    var verify = false

    func validate() throws {
        for pair in param where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("-P expects name=value, got '\(pair)'")
        }
        if noCache && (refreshAll || !refresh.isEmpty) {
            throw ValidationError("--no-cache already runs every stage; drop --refresh")
        }
    }

    var url: URL { URL(fileURLWithPath: report).standardizedFileURL }
    var paramsURL: URL? { paramsFile.map { URL(fileURLWithPath: $0).standardizedFileURL } }
    /// `--allow-outside` folders, relative ones taken from the working directory (as the report's path is).
    var allowedFolders: [URL] { allowOutside.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL } }

    var cachePolicy: CachePolicy {
        let policy: CachePolicy = noCache ? .off : refreshAll ? .refreshAll : refresh.isEmpty ? .normal : .refresh(Set(refresh))
        return policy.verifying(verify)
    }

    /// Loads and renders the report once, writing errors and progress to stderr.
    /// - Returns: the exit status (0, 1 a stage failed, 2 a document or usage error) and the
    ///   outcome when the report was rendered.
    func render(cache: CachePolicy) async -> (status: Int32, outcome: RenderOutcome?) {
        let overrides = param.map { pair -> (name: String, value: String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let outcome: RenderOutcome
        do {
            let document = try ReportDocument.load(url: url, directives: DirectiveCatalog.all,
                                                   paramsFile: paramsURL, commandLine: overrides)
            let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
            let template = try ReportTemplate(directory: ReportTemplate.locate(from: executable))
            let progress = ProgressLines(enabled: !quiet, live: StandardError.isTerminal) { StandardError.write($0, newline: false) }
            outcome = try await ReportRenderer(template: template, cache: cache, allowOutside: allowedFolders).render(document, events: progress.handle)
        } catch {
            StandardError.write(error.description)
            return (error.isDocumentError ? 2 : 1, nil)
        }
        for error in outcome.valueErrors { StandardError.write(error.description) }
        if let failure = outcome.failure, case .failed(let message) = failure.status {
            StandardError.write("\(url.path):\(failure.failureLine ?? failure.line): error: stage '\(failure.id)' ({\(failure.directive)}) failed: \(message)")
        }
        if !quiet { StandardError.write("report: \(outcome.output.path)") }
        if let failure = outcome.failure { return (failure.documentError ? 2 : 1, outcome) }
        return (outcome.valueErrors.isEmpty ? 0 : 2, outcome)
    }
}
