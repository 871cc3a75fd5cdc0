import ArgumentParser
import Directives
import Weave

struct DirectivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directives",
        abstract: "List every directive with its options and result fields.")

    func run() throws {
        print(DirectiveReference.text(for: DirectiveCatalog.all), terminator: "")
    }
}
