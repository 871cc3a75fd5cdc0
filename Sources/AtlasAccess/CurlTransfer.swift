import CCurl
import Foundation

/// One libcurl easy handle, reused across the attempts of one job. Not thread-safe: one per thread.
final class CurlTransfer {
    /// How a transfer ended.
    struct Outcome {
        let code: Int
        let httpStatus: Int
        let message: String
        var succeeded: Bool { code == Int(CURLE_OK.rawValue) }

        /// Worth retrying: a dropped or stalled connection, or a server-side (5xx, 429, 408) error.
        var isTransient: Bool {
            switch code {
            case Int(CURLE_COULDNT_CONNECT.rawValue), Int(CURLE_PARTIAL_FILE.rawValue), Int(CURLE_OPERATION_TIMEDOUT.rawValue),
                 Int(CURLE_GOT_NOTHING.rawValue), Int(CURLE_SEND_ERROR.rawValue), Int(CURLE_RECV_ERROR.rawValue),
                 Int(CURLE_HTTP2.rawValue), Int(CURLE_HTTP2_STREAM.rawValue), Int(CURLE_SSL_CONNECT_ERROR.rawValue):
                return true
            case Int(CURLE_HTTP_RETURNED_ERROR.rawValue):
                return httpStatus >= 500 || httpStatus == 429 || httpStatus == 408
            default:
                return false
            }
        }
    }

    /// Receives the body: return false to abort the transfer.
    typealias Sink = (_ bytes: UnsafeRawBufferPointer) -> Bool
    /// Bytes received so far in this transfer, and the size announced (0 when unknown).
    typealias Progress = (_ received: Int64, _ expected: Int64) -> Void

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let timeouts: RetryPolicy

    /// Checked while bytes flow: true aborts the transfer (the caller's task was cancelled).
    private let shouldAbort: @Sendable () -> Bool

    init(timeouts: RetryPolicy, shouldAbort: @escaping @Sendable () -> Bool) throws {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw AtlasAccessError.transfer(url: "", path: nil, curlCode: Int(CURLE_FAILED_INIT.rawValue), httpStatus: 0, message: "curl_easy_init failed")
        }
        self.handle = handle
        self.timeouts = timeouts
        self.shouldAbort = shouldAbort
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// GETs `url`, from byte `offset` on when it is above zero, handing the body to `sink`.
    func get(_ url: URL, from offset: Int64 = 0, sink: @escaping Sink, progress: Progress? = nil) -> Outcome {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let context = Context(sink: sink, progress: progress, shouldAbort: shouldAbort)
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        let userdata = unmanaged.toOpaque()
        var setup = [
            ccurl_setopt_string(handle, CURLOPT_URL, url.absoluteString),
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https,file"),
            ccurl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
            ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1),
            ccurl_setopt_long(handle, CURLOPT_MAXREDIRS, 10),
            ccurl_setopt_long(handle, CURLOPT_FAILONERROR, 1),
            ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, timeouts.connectTimeout),
            // A stalled connection (under 1 byte/s for the stall time) counts as a timeout and is retried.
            ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1),
            ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, timeouts.stallTimeout),
            ccurl_setopt_string(handle, CURLOPT_USERAGENT, "atlasweave"),
            // Larger receive chunks: fewer callbacks and writes for multi-GB matrices.
            ccurl_setopt_long(handle, CURLOPT_BUFFERSIZE, 256 * 1024),
            ccurl_setopt_write_function(handle, curlWrite),
            ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata),
            ccurl_setopt_xferinfo_function(handle, curlProgress),
            ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, userdata),
            ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0),
        ]
        if offset > 0 { setup.append(ccurl_setopt_off(handle, CURLOPT_RESUME_FROM_LARGE, curl_off_t(offset))) }
        if let failed = setup.first(where: { $0 != CURLE_OK }) { return outcome(failed) }
        return outcome(curl_easy_perform(handle))
    }

    private func outcome(_ code: CURLcode) -> Outcome {
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        return Outcome(code: Int(code.rawValue), httpStatus: status, message: message)
    }

    /// What the C callbacks reach through their userdata pointer.
    final class Context {
        let sink: Sink
        let progress: Progress?
        let shouldAbort: () -> Bool

        init(sink: @escaping Sink, progress: Progress?, shouldAbort: @escaping () -> Bool) {
            self.sink = sink
            self.progress = progress
            self.shouldAbort = shouldAbort
        }
    }
}

private func curlWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let userdata else { return 0 }
    let context = Unmanaged<CurlTransfer.Context>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    return context.sink(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private func curlProgress(_ userdata: UnsafeMutableRawPointer?, _ total: curl_off_t, _ now: curl_off_t, _: curl_off_t, _: curl_off_t) -> Int32 {
    guard let userdata else { return 0 }
    let context = Unmanaged<CurlTransfer.Context>.fromOpaque(userdata).takeUnretainedValue()
    if context.shouldAbort() { return 1 }
    context.progress?(Int64(now), Int64(total))
    return 0
}
