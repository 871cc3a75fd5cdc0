import Foundation

/// The Python stdlib bucket server (Tests/Scripts/bucket_server.py) on a free 127.0.0.1 port.
public final class BucketServer {
    public struct Request: Decodable {
        public let method: String
        public let path: String
        public let key: String
        public let range: String?
        public let status: Int
        public let bytes: Int
    }

    public enum Fault {
        case drop(after: Int)
        case status(Int)
        case corrupt
        /// The body in `chunk`-byte pieces, `delay` seconds apart.
        case slow(chunk: Int, delay: Double)
        /// Ignore the Range header and send the whole file with 200.
        case ignoreRange
        /// The file, then bytes without end (no Content-Length).
        case endless

        var json: [String: Any] {
            switch self {
            case .drop(let after): return ["type": "drop", "after": after]
            case .status(let code): return ["type": "status", "code": code]
            case .corrupt: return ["type": "corrupt"]
            case .slow(let chunk, let delay): return ["type": "slow", "chunk": chunk, "delay": delay]
            case .ignoreRange: return ["type": "norange"]
            case .endless: return ["type": "endless"]
            }
        }
    }

    public struct StartFailure: Error, CustomStringConvertible {
        let output: String
        public var description: String { "bucket_server.py did not report its port; it printed: \(output)" }
    }

    public let baseURL: URL
    private let process = Process()
    private let logURL: URL

    public init(root: URL, pageSize: Int = 1000, faults: [String: [Fault]] = [:]) throws {
        let work = try TestPaths.temporaryDirectory("server")
        logURL = work.appendingPathComponent("requests.jsonl")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let faultsURL = work.appendingPathComponent("faults.json")
        try JSONSerialization.data(withJSONObject: faults.mapValues { $0.map(\.json) }).write(to: faultsURL)
        process.executableURL = TestPython.executable
        process.arguments = [TestPaths.packageRoot.appendingPathComponent("Tests/Scripts/bucket_server.py").path,
                             "--root", root.path, "--page-size", String(pageSize), "--faults", faultsURL.path, "--log", logURL.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // The server prints "PORT <n>" once it listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw StartFailure(output: text)
        }
        baseURL = URL(string: "http://127.0.0.1:\(port)/")!
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Every request served so far, in order.
    public func requests() throws -> [Request] {
        let text = try String(contentsOf: logURL, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    public func requests(for key: String) throws -> [Request] { try requests().filter { $0.key == key } }
}
