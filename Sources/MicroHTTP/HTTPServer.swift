import CMicroHTTPD
import Foundation
import Locking
import Synchronization

public struct HTTPServerError: Error, CustomStringConvertible {
    public let description: String
}

/// An HTTP server on 127.0.0.1 (libmicrohttpd, one thread per connection) that answers every
/// request with `handler`. It runs until `stop()` or until it is released.
public final class HTTPServer: Sendable {
    /// The port it listens on (the one the system chose when asked for port 0).
    public let port: UInt16
    private let daemon: Mutex<OpaquePointer?>
    private let context: Unmanaged<ServerContext>

    public init(port: UInt16, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
        let context = Unmanaged.passRetained(ServerContext(handler: handler))
        errno = 0
        guard let started = cmhd_start_loopback(port, { cls, connection, url, method, _, _, _, _ in
            guard let cls, let connection, let url, let method else { return .NO }
            let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
            return context.answer(connection: connection, method: String(cString: method), path: String(cString: url))
        }, context.toOpaque(), 64, 60) else {
            let reason = errno == EADDRINUSE ? "the port is in use" : "libmicrohttpd could not start"
            context.release()
            throw HTTPServerError(description: "cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        self.port = cmhd_bound_port(started)
        self.daemon = Mutex(started)
        self.context = context
    }

    deinit { stop() }

    /// Ends open streams, closes every connection and the listening socket, and waits for the
    /// connection threads. Calling it again does nothing.
    public func stop() {
        guard let running = daemon.locked({ daemon in defer { daemon = nil }; return daemon }) else { return }
        context.takeUnretainedValue().stopping.locked { $0 = true }
        MHD_stop_daemon(running)
        context.release()
    }
}

/// What libmicrohttpd's callbacks reach through their context pointer.
final class ServerContext: Sendable {
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let stopping = Mutex(false)

    init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.handler = handler
    }

    var isStopping: Bool { stopping.locked { $0 } }

    func answer(connection: OpaquePointer, method: String, path: String) -> MHD_Result {
        let request = HTTPRequest(method: method, path: path, arguments: Self.arguments(of: connection))
        let response = handler(request)
        guard let handle = makeResponse(response.body) else { return .NO }
        defer { MHD_destroy_response(handle) }
        for header in response.headers + [("X-Content-Type-Options", "nosniff")] {
            _ = MHD_add_response_header(handle, header.name, header.value)
        }
        return MHD_queue_response(connection, UInt32(response.status), handle)
    }

    private func makeResponse(_ body: HTTPResponse.Body) -> OpaquePointer? {
        switch body {
        case .bytes(let bytes):
            return bytes.withUnsafeBytes {
                MHD_create_response_from_buffer($0.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY)
            }
        case .file(let descriptor, let size):
            guard let handle = MHD_create_response_from_fd64(size, descriptor) else {
                close(descriptor)
                return nil
            }
            return handle
        case .stream(let next):
            let source = Unmanaged.passRetained(StreamSource(next: next, server: self))
            let handle = MHD_create_response_from_callback(cmhd_size_unknown(), 4096, { cls, _, buffer, max in
                guard let cls, let buffer else { return cmhd_end_of_stream() }
                return Unmanaged<StreamSource>.fromOpaque(cls).takeUnretainedValue().read(into: buffer, max: max)
            }, source.toOpaque(), { cls in
                if let cls { Unmanaged<StreamSource>.fromOpaque(cls).release() }
            })
            if handle == nil { source.release() }
            return handle
        }
    }

    /// The query's arguments (the last value of a repeated name).
    private static func arguments(of connection: OpaquePointer) -> [String: String] {
        var arguments: [String: String] = [:]
        withUnsafeMutablePointer(to: &arguments) { pointer in
            _ = MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let arguments = cls.assumingMemoryBound(to: [String: String].self)
                arguments.pointee[String(cString: key)] = value.map { String(cString: $0) } ?? ""
                return .YES
            }, pointer)
        }
        return arguments
    }
}

/// A stream body being sent: the bytes `next` gave that did not fit libmicrohttpd's buffer yet.
final class StreamSource: Sendable {
    let next: @Sendable () -> StreamStep
    let server: ServerContext
    private let pending = Mutex<[UInt8]>([])

    init(next: @escaping @Sendable () -> StreamStep, server: ServerContext) {
        self.next = next
        self.server = server
    }

    /// Blocks (in its connection's thread) until there is something to send or the stream ends.
    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        while true {
            let copied = pending.locked { bytes in
                let count = min(max, bytes.count)
                guard count > 0 else { return 0 }
                bytes.withUnsafeBytes { UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress!, byteCount: count) }
                bytes.removeFirst(count)
                return count
            }
            if copied > 0 { return copied }
            if server.isStopping { return cmhd_end_of_stream() }
            switch next() {
            case .send(let bytes): pending.locked { $0 = bytes }
            case .wait: usleep(100_000)
            case .end: return cmhd_end_of_stream()
            }
        }
    }
}
