import Foundation

/// One HTTP/1.1 request to 127.0.0.1 over a plain socket, its target sent exactly as written
/// (a browser or curl would normalise `..` away before the server could refuse it).
public enum HTTPProbe {
    public struct Reply: Sendable {
        public let status: Int
        /// Header names in lower case.
        public let headers: [String: String]
        public let body: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public static func send(_ target: String, method: String = "GET", port: UInt16) throws -> Reply {
        let socket = try connect(port: port)
        defer { close(socket) }
        let request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n"
        let sent = request.utf8CString.withUnsafeBufferPointer { write(socket, $0.baseAddress, $0.count - 1) }
        guard sent == request.utf8.count else { throw Failure(description: "could not send \(method) \(target)") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count < 0 { throw Failure(description: "no answer to \(method) \(target) within 20 s") }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        return try parse(String(decoding: received, as: UTF8.self), request: "\(method) \(target)")
    }

    /// Whether anything accepts connections on the port.
    public static func isListening(port: UInt16) -> Bool {
        guard let socket = try? connect(port: port) else { return false }
        close(socket)
        return true
    }

    private static func connect(port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(description: "nothing listens on 127.0.0.1:\(port)")
        }
        return socket
    }

    private static func parse(_ text: String, request: String) throws -> Reply {
        guard let end = text.range(of: "\r\n\r\n") else { throw Failure(description: "\(request): no header in \(text)") }
        let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure(description: "\(request): bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: status, headers: headers, body: String(text[end.upperBound...]))
    }
}
