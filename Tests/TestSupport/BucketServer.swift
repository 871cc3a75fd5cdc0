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
        public let ifMatch: String?
        /// The client's port: the same for requests over one kept-alive connection.
        public let peer: Int

        enum CodingKeys: String, CodingKey { case method, path, key, range, status, bytes, peer, ifMatch = "if_match" }
    }

    public enum Fault {
        case drop(after: Int)
        case status(Int)
        case corrupt
        /// The body in `chunk`-byte pieces, `delay` seconds apart.
        case slow(chunk: Int, delay: Double)
        /// Ignore the Range header and send the whole file with 200.
        case ignoreRange
        /// The object gets a new ETag from this request on, as if overwritten.
        case change
        /// A normal answer (to place the faults after it).
        case none
        /// The file, then bytes without end (no Content-Length).
        case endless

        var json: [String: Any] {
            switch self {
            case .drop(let after): return ["type": "drop", "after": after]
            case .status(let code): return ["type": "status", "code": code]
            case .corrupt: return ["type": "corrupt"]
            case .slow(let chunk, let delay): return ["type": "slow", "chunk": chunk, "delay": delay]
            case .ignoreRange: return ["type": "norange"]
            case .change: return ["type": "change"]
            case .none: return ["type": "none"]
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

    /// `delay` seconds before each answer and `rate` bytes per second per connection (0: no cap)
    /// simulate a distant bucket.
    public init(root: URL, pageSize: Int = 1000, faults: [String: [Fault]] = [:], delay: Double = 0, rate: Double = 0) throws {
        let work = try TestPaths.temporaryDirectory("server")
        logURL = work.appendingPathComponent("requests.jsonl")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let faultsURL = work.appendingPathComponent("faults.json")
        try JSONSerialization.data(withJSONObject: faults.mapValues { $0.map(\.json) }).write(to: faultsURL)
        process.executableURL = TestPython.executable
        process.arguments = [TestPaths.packageRoot.appendingPathComponent("Tests/Scripts/bucket_server.py").path,
                             "--root", root.path, "--page-size", String(pageSize), "--faults", faultsURL.path, "--log", logURL.path,
                             "--delay", String(delay), "--rate", String(rate)]
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
