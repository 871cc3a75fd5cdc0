import ArgumentParser
import Foundation
import Weave

@main
struct Atlasweave: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atlasweave",
        abstract: "Markdown with directive blocks → data pipeline and HTML report.",
        version: WeaveVersion.current,
        subcommands: [RenderCommand.self, WatchCommand.self, DirectivesCommand.self, AtlasCommand.self, InspectCommand.self])

    /// As ArgumentParser's, but a usage error exits 2 like a document error (not 64), and a
    /// bare `--refresh` is read as `--refresh-all`.
    static func main() async {
        do {
            var command = try parseAsRoot(RefreshArgument.normalize(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            StandardError.write(fullMessage(for: error))
            exit(withError: ExitCode(2))
        }
    }
}
