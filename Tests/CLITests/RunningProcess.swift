import Foundation
import TestSupport

/// A long-running `atlasweave` (`watch`, `preview`) whose output a test reads while it runs.
final class RunningProcess {
    private let process = Process()
    private let errURL: URL
    private let errHandle: FileHandle
    private let outURL: URL
    private let outHandle: FileHandle

    init(_ arguments: [String], in folder: URL) throws {
        let logs = try TestPaths.temporaryDirectory("proc")
        errURL = logs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        errHandle = try FileHandle(forWritingTo: errURL)
        outURL = logs.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        outHandle = try FileHandle(forWritingTo: outURL)
        process.executableURL = try BuiltBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardError = errHandle
        process.standardOutput = outHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }
    var stdout: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }

    /// Waits until stderr (or stdout) contains `text` `times` times; false on timeout or exit.
    func waitFor(_ text: String, times: Int = 1, onStdout: Bool = false, timeout: Duration = .seconds(120)) async throws -> Bool {
        let output = { onStdout ? self.stdout : self.stderr }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output().components(separatedBy: text).count - 1 >= times { return true }
            if !process.isRunning { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
        // A wait resumed late (a busy machine) may find the text arrived meanwhile.
        return output().components(separatedBy: text).count - 1 >= times
    }

    /// Sends Ctrl-C's signal and returns the exit status (nil if it did not exit in time).
    func interrupt(timeout: Duration = .seconds(10)) async throws -> Int32? {
        try await stop(with: SIGINT, timeout: timeout)
    }

    /// Sends `signal` to the process by its id and returns the exit status (nil if it did not
    /// exit in time).
    func stop(with signal: Int32, timeout: Duration = .seconds(10)) async throws -> Int32? {
        kill(process.processIdentifier, signal)
        return try await exitStatus(within: timeout)
    }

    /// Waits for the process to exit by itself; its status, or nil if it did not exit in time.
    func exitStatus(within timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { return nil }
        try errHandle.close()
        try outHandle.close()
        return process.terminationStatus
    }
}
