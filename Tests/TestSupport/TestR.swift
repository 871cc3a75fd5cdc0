import Foundation

/// The real R (`Rscript` with dplyr), for tests that check atlasweave's R-compatible sampler
/// against R itself. `scripts/setup-env.sh` installs Debian's r-base-core and r-cran-dplyr;
/// `ATLASWEAVE_RSCRIPT` names another Rscript. Tests use `.enabled(if: TestR.isAvailable,
/// TestR.skipReason)`, so a machine without R skips them with the reason printed.
public enum TestR {
    public static let rscript: URL? = {
        if let env = ProcessInfo.processInfo.environment["ATLASWEAVE_RSCRIPT"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("Rscript") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Rscript runs and loads dplyr.
    public static let isAvailable: Bool = {
        guard let rscript else { return false }
        let check = try? Command.run(rscript, arguments: ["-e", "suppressMessages(library(dplyr))"])
        return check?.status == 0
    }()

    public static let skipReason =
        "needs Rscript with dplyr (Debian r-base-core and r-cran-dplyr; scripts/setup-env.sh installs them), not found"

    /// The seed workflow's downsample in R (Tests/Scripts/seed_downsample.R).
    public static let seedDownsample = TestPaths.packageRoot.appendingPathComponent("Tests/Scripts/seed_downsample.R")

    /// Runs R code given as text with arguments (`commandArgs(trailingOnly = TRUE)`); throws
    /// when R is missing or exits non-zero. Returns standard output.
    @discardableResult
    public static func run(_ code: String, arguments: [String] = []) throws -> String {
        try rscriptRun(["-e", code] + arguments)
    }

    /// The cell labels of the seed's `downsampled_cells` for a cells CSV, in order.
    public static func seedDownsample(_ cells: URL, target: Int, keepBelow: Int, seed: Int) throws -> [String] {
        let folder = try TestPaths.temporaryDirectory("r-downsample")
        defer { try? FileManager.default.removeItem(at: folder) }
        let labels = folder.appendingPathComponent("labels.txt")
        try rscriptRun([seedDownsample.path, cells.path, String(target), String(keepBelow), String(seed), labels.path])
        return try String(contentsOf: labels, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @discardableResult
    private static func rscriptRun(_ arguments: [String]) throws -> String {
        guard let rscript else {
            throw CommandFailure(command: "Rscript", status: -1, stdout: "", stderr: "Rscript not found on PATH")
        }
        let result = try Command.run(rscript, arguments: arguments)
        guard result.status == 0 else {
            throw CommandFailure(command: "Rscript \(arguments.prefix(1).joined())", status: result.status, stdout: result.stdout, stderr: result.stderr)
        }
        return result.stdout
    }

    /// Whole numbers R printed with `cat(..., sep = "\n")`.
    public static func integers(_ text: String) -> [Int] {
        text.split(whereSeparator: \.isNewline).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
