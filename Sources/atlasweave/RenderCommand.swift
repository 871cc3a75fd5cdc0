import ArgumentParser
import AtomicFiles

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Run a report's directives in order and write its HTML report.",
        discussion: """
            Stages whose inputs did not change since the last render come from the stage cache \
            in .atlasweave/ beside the report (see --refresh, --no-cache). \
            Exit status: 0 on success, 2 for an error in the document or the command line \
            (nothing runs), 1 when a stage fails at run time (the report is still written).
            """)

    @OptionGroup var options: RenderOptions

    func run() async throws {
        Temporaries.removeOnSignals()
        let status = await options.render(cache: options.cachePolicy).status
        if status != 0 { throw ExitCode(status) }
    }
}
