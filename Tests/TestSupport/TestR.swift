import Foundation

/// R (`Rscript`, with the Matrix and Seurat packages from Debian), for tests that check exports
/// with the real readers. Tests that need it are enabled only when it is there, and say so.
public enum TestR {
    public static let executable = URL(fileURLWithPath: "/usr/bin/Rscript")

    /// Whether Rscript runs and loads Matrix and Seurat; when not, why (printed once).
    public static let missing: String? = {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            print("R interop tests skipped: no Rscript at \(executable.path) (apt-get install r-base-core r-cran-matrix r-cran-seurat)")
            return "no Rscript"
        }
        let probe = try? Command.run(executable, arguments: ["-e", "suppressMessages({library(Matrix); library(Seurat)})"])
        guard probe?.status == 0 else {
            print("R interop tests skipped: Rscript cannot load Matrix and Seurat: \(probe?.stderr ?? "")")
            return "no Matrix/Seurat"
        }
        return nil
    }()

    /// Runs an R script given as text with arguments (`commandArgs(trailingOnly = TRUE)`).
    @discardableResult
    public static func run(_ script: String, arguments: [String] = []) throws -> String {
        let result = try Command.run(executable, arguments: ["-e", script] + arguments)
        guard result.status == 0 else {
            throw CommandFailure(command: "Rscript -e …", status: result.status, stdout: result.stdout, stderr: result.stderr)
        }
        return result.stdout
    }
}
