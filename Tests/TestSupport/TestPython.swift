import Foundation

/// The Python interpreter of the interop venv (anndata, h5py, pandas), for tests that check
/// files against the real `anndata` or start a Python HTTP server. `scripts/test` creates the
/// venv at `.venv`; `ATLASWEAVE_PYTHON` names another interpreter.
public enum TestPython {
    public static var executable: URL {
        if let env = ProcessInfo.processInfo.environment["ATLASWEAVE_PYTHON"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return TestPaths.packageRoot.appendingPathComponent(".venv/bin/python")
    }

    /// Whether the interpreter is there; interop tests are skipped (with `missingReason`) when not.
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    public static var missingReason: String {
        "no Python interpreter at \(executable.path): run scripts/test (it creates .venv) or set ATLASWEAVE_PYTHON"
    }

    /// Runs a Python script given as text with arguments; throws when it exits non-zero.
    @discardableResult
    public static func run(_ script: String, arguments: [String] = [], currentDirectory: URL? = nil) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw CommandFailure(command: executable.path, status: -1, stdout: "", stderr: missingReason)
        }
        let result = try Command.run(executable, arguments: ["-c", script] + arguments, currentDirectory: currentDirectory)
        guard result.status == 0 else {
            throw CommandFailure(command: "python -c …", status: result.status, stdout: result.stdout, stderr: result.stderr)
        }
        return result.stdout
    }
}
