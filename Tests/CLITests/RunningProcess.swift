import Foundation
import TestSupport

/// A long-running `atlasweave` (`watch`) whose stderr a test reads while it runs.
final class RunningProcess {
    private let process = Process()
    private let errURL: URL
    private let errHandle: FileHandle

    init(_ arguments: [String], in folder: URL) throws {
        let logs = try TestPaths.temporaryDirectory("proc")
        errURL = logs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        errHandle = try FileHandle(forWritingTo: errURL)
        process.executableURL = try BuiltBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardError = errHandle
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Waits until stderr contains `text` `times` times; false on timeout or exit.
    func waitFor(_ text: String, times: Int = 1, timeout: Duration = .seconds(120)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if stderr.components(separatedBy: text).count - 1 >= times { return true }
            if !process.isRunning { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
        // A wait resumed late (a busy machine) may find the text arrived meanwhile.
        return stderr.components(separatedBy: text).count - 1 >= times
    }

    /// Sends Ctrl-C's signal and returns the exit status (nil if it did not exit in time).
    func interrupt(timeout: Duration = .seconds(10)) async throws -> Int32? {
        kill(process.processIdentifier, SIGINT)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { return nil }
        try errHandle.close()
        return process.terminationStatus
    }
}
