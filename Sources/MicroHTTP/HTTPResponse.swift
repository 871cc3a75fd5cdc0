import Foundation

/// A request as `HTTPServer` hands it to its handler.
public struct HTTPRequest: Sendable {
    public let method: String
    /// The path as the client sent it: still percent-encoded, without the query.
    public let path: String
    /// The query's arguments as sent (not decoded).
    public let arguments: [String: String]

    public init(method: String, path: String, arguments: [String: String] = [:]) {
        self.method = method
        self.path = path
        self.arguments = arguments
    }
}

/// What a stream body does next, asked again and again in its connection's own thread.
public enum StreamStep: Sendable {
    case send([UInt8])
    /// Nothing to send yet: asked again a tenth of a second later (or ended when the server stops).
    case wait
    case end
}

public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// An open file sent from its descriptor (a large file is never read into memory); the
        /// response closes it.
        case file(descriptor: Int32, size: UInt64)
        /// A body of unknown length (chunked), such as server-sent events.
        case stream(@Sendable () -> StreamStep)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A short plain-text answer (errors, refusals).
    public static func text(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                     body: .bytes(Array((message + "\n").utf8)))
    }

    /// The regular file at `url` (a resolved path), with the Content-Type its extension calls
    /// for; 404 when it is not a regular file or cannot be opened.
    public static func file(_ url: URL) -> HTTPResponse {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .text(404, "not found") }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return .text(404, "not found")
        }
        return HTTPResponse(status: 200, headers: [("Content-Type", ContentType.of(url))],
                            body: .file(descriptor: descriptor, size: UInt64(info.st_size)))
    }
}
