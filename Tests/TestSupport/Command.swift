import Foundation

/// Runs a program to completion and captures its output, for end-to-end and interop tests.
public enum Command {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    public static func run(_ executable: URL, arguments: [String], currentDirectory: URL? = nil,
                           environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let dir = try TestPaths.temporaryDirectory("cmd")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Files rather than pipes: a chatty child cannot fill a pipe buffer and block.
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

/// A helper program that exited non-zero.
public struct CommandFailure: Error, CustomStringConvertible {
    public let command: String
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public var description: String { "\(command) exited \(status)\n\(stderr)\(stdout)" }
}
