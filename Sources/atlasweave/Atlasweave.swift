import ArgumentParser
import CLinux
import Foundation
import Weave

@main
struct Atlasweave: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atlasweave",
        abstract: "Markdown with directive blocks → data pipeline and HTML report.",
        version: WeaveVersion.current,
        subcommands: [RenderCommand.self, WatchCommand.self, PreviewCommand.self, DirectivesCommand.self, AtlasCommand.self, InspectCommand.self])

    /// As ArgumentParser's, but a usage error exits 2 like a document error (not 64), and a
    /// bare `--refresh` is read as `--refresh-all`.
    static func main() async {
        keepFreedMemory()
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

    /// Stages allocate and free buffers of megabytes over and over (row batches, string tables,
    /// heap collections). By default glibc maps each from the kernel and unmaps it when freed, so
    /// every new one is faulted in and zeroed page by page again; a quarter of a matrix look-up
    /// went to that. Raising the thresholds (32 MiB is glibc's largest) keeps freed memory for reuse.
    /// Each malloc arena keeps its own freed memory, so glibc's default of an arena per thread (up
    /// to eight per core) holds several high-water marks at once, and which threads share one
    /// varies from run to run: one arena for all. A `genes` render of 300,000 cells peaks 5 MB
    /// lower and no longer varies by up to 5 MB between runs; the parallel CSV read is no slower.
    private static func keepFreedMemory() {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        _ = mallopt(M_ARENA_MAX, 1)
    }
}
