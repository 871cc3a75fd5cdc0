import ArgumentParser

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Render a report, then render it again on every save of it (or of its --params file).",
        discussion: """
            Each render takes unchanged stages from the stage cache and prints which stages ran \
            and why. --refresh applies to the first render only. Files are checked every half \
            second; Ctrl-C stops (exit 0).
            """)

    @OptionGroup var options: RenderOptions

    func run() async throws {
        try await WatchLoop(options: options, stoppedMessage: "stopped watching").run()
    }
}
