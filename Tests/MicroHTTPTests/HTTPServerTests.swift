import Foundation
import Locking
import MicroHTTP
import Synchronization
import Testing
import TestSupport

/// The libmicrohttpd wrapper on a real socket: what the handler sees, streams, and stopping.
@Suite("MicroHTTP server")
struct HTTPServerTests {
    /// Answers `/stream` with a stream that says hello, then waits for ever; anything else by
    /// echoing the request.
    private static func start(port: UInt16 = 0) throws -> HTTPServer {
        try HTTPServer(port: port) { request in
            if request.path == "/stream" {
                let greeted = Mutex(false)
                return HTTPResponse(status: 200, headers: [("Content-Type", "text/event-stream")], body: .stream {
                    greeted.locked { greeted in defer { greeted = true }; return greeted ? .wait : .send(Array("hello\n".utf8)) }
                })
            }
            let arguments = request.arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return .text(200, "\(request.method) \(request.path) \(arguments.joined(separator: "&"))")
        }
    }

    @Test("the handler sees the method, the path as sent (not decoded) and the query's arguments")
    func request() throws {
        let server = try Self.start()
        defer { server.stop() }
        let reply = try HTTPProbe.send("/a%20b/%2e%2e?x=1&y&z=%41", port: server.port)
        #expect(reply.status == 200 && reply.body == "GET /a%20b/%2e%2e x=1&y=&z=%41\n")
        #expect(reply.headers["x-content-type-options"] == "nosniff")
    }

    @Test("stop() ends an open stream, closes the port while the process goes on; a second stop does nothing")
    func stopEndsStreams() async throws {
        let server = try Self.start()
        let port = server.port
        let reading = Task.detached { try HTTPProbe.send("/stream", port: port) }
        try await Task.sleep(for: .milliseconds(500))
        let started = ContinuousClock.now
        server.stop()
        #expect(ContinuousClock.now - started < .seconds(5))
        let reply = try await reading.value
        #expect(reply.status == 200 && reply.headers["content-type"] == "text/event-stream" && reply.body.contains("hello\n"))
        #expect(!HTTPProbe.isListening(port: port))
        server.stop()
    }

    @Test("a server released without stop() stops listening")
    func deinitStops() throws {
        var server: HTTPServer? = try Self.start()
        let port = try #require(server?.port)
        #expect(HTTPProbe.isListening(port: port))
        server = nil
        #expect(!HTTPProbe.isListening(port: port))
    }

    @Test("a port in use is an error naming it")
    func portInUse() throws {
        let server = try Self.start()
        defer { server.stop() }
        let error = #expect(throws: HTTPServerError.self) { try Self.start(port: server.port) }
        #expect(error?.description == "cannot listen on 127.0.0.1:\(server.port): the port is in use")
    }
}
