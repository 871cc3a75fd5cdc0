import ArgumentParser

@main
struct Atlasweave: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "atlasweave", abstract: "Markdown with directive blocks → data pipeline and HTML report.",
        subcommands: [AtlasCommand.self])
}
