import AnnData
import ArgumentParser
import Foundation

/// `atlasweave inspect FILE.h5ad`: shape, X layout, obs/var columns and uns keys, without
/// reading the matrix.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise an h5ad file: shape, X encoding and dtype, nnz, obs/var columns, uns keys.")

    @Argument(help: "The h5ad file.")
    var file: String

    func run() throws {
        do {
            let url = URL(fileURLWithPath: file)
            try SafeOpen.check(url)
            let summary = try AnnDataFile(url: url).summary()
            print(summary.lines.joined(separator: "\n"))
        } catch {
            StandardError.write("error: \(error)")
            throw ExitCode(1)
        }
    }
}
