import CCurl
import Foundation

/// One libcurl easy handle for byte-range GETs, reused for request after request so its
/// connection stays open (HTTP/1.1 keep-alive; S3 serves one range per request, over HTTP/1.1).
/// Not thread-safe: `RangePool` lends each to one thread at a time.
// @unchecked: the handle is used by one borrower at a time; the pool only stores idle ones.
final class RangeTransfer: @unchecked Sendable {
    /// What one range request brought back.
    struct Response {
        let outcome: CurlTransfer.Outcome
        /// `Content-Range: bytes first-last/total` as sent, when it was.
        let contentRange: (first: Int64, last: Int64, total: Int64)?
        let etag: String?
        let received: Int64
    }

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let timeouts: RetryPolicy

    init(timeouts: RetryPolicy) throws {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw AtlasAccessError.transfer(url: "", path: nil, curlCode: Int(CURLE_FAILED_INIT.rawValue), httpStatus: 0, message: "curl_easy_init failed")
        }
        self.handle = handle
        self.timeouts = timeouts
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// GETs bytes `range` of `url` (sending `If-Match: etag` when given), handing the body to
    /// `sink` with each piece's offset in the range. A 200 answer (the server ignored the range)
    /// is cut off before any byte reaches the sink.
    func get(_ url: URL, range: Range<Int64>, ifMatch etag: String?, sink: @escaping (Int64, UnsafeRawBufferPointer) -> Bool) -> Response {
        errorBuffer[0] = 0
        let state = RangeState(sink: sink)
        let unmanaged = Unmanaged.passRetained(state)
        defer { unmanaged.release() }
        var headers: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Range: bytes=\(range.lowerBound)-\(range.upperBound - 1)")
        if let etag { headers = curl_slist_append(headers, "If-Match: \(etag)") }
        defer { curl_slist_free_all(headers) }
        let setup = [
            ccurl_setopt_string(handle, CURLOPT_URL, url.absoluteString),
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            ccurl_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)),
            ccurl_setopt_long(handle, CURLOPT_FAILONERROR, 1),
            ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1),
            ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, timeouts.connectTimeout),
            ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1),
            ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, timeouts.stallTimeout),
            ccurl_setopt_string(handle, CURLOPT_USERAGENT, "atlasweave"),
            ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers),
            ccurl_setopt_write_function(handle, rangeWrite),
            ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, unmanaged.toOpaque()),
            ccurl_setopt_header_function(handle, rangeHeader),
            ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, unmanaged.toOpaque()),
        ]
        let code = setup.first(where: { $0 != CURLE_OK }) ?? curl_easy_perform(handle)
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let detail = String(cString: errorBuffer)
        let message = state.refusedStatus.map { "the server answered HTTP \($0) to a range request (no Range support?)" }
            ?? (detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
        return Response(outcome: CurlTransfer.Outcome(code: Int(code.rawValue), httpStatus: status, message: message),
                        contentRange: state.contentRange, etag: state.etag, received: state.received)
    }

    /// What the C callbacks fill in, reached through their userdata pointer.
    final class RangeState {
        let sink: (Int64, UnsafeRawBufferPointer) -> Bool
        var status = 0
        var refusedStatus: Int?
        var contentRange: (first: Int64, last: Int64, total: Int64)?
        var etag: String?
        var received: Int64 = 0

        init(sink: @escaping (Int64, UnsafeRawBufferPointer) -> Bool) { self.sink = sink }

        /// One header line; a new status line (after a redirect or `100 Continue`) starts over.
        func header(_ line: String) {
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("HTTP/") {
                status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
                contentRange = nil
                etag = nil
                return
            }
            guard let colon = text.firstIndex(of: ":") else { return }
            let name = text[..<colon].lowercased(), value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "etag" { etag = value }
            if name == "content-range" { contentRange = Self.parseContentRange(value) }
        }

        /// `bytes 0-99/1234` → (0, 99, 1234).
        static func parseContentRange(_ value: String) -> (first: Int64, last: Int64, total: Int64)? {
            guard value.hasPrefix("bytes ") else { return nil }
            let parts = value.dropFirst(6).split(separator: "/")
            guard parts.count == 2, let total = Int64(parts[1]) else { return nil }
            let bounds = parts[0].split(separator: "-")
            guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]) else { return nil }
            return (first, last, total)
        }
    }
}

private func rangeHeader(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let userdata, let buffer else { return 0 }
    let state = Unmanaged<RangeTransfer.RangeState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    state.header(String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self))
    return length
}

private func rangeWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let userdata else { return 0 }
    let state = Unmanaged<RangeTransfer.RangeState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    guard state.status == 206 else {
        state.refusedStatus = state.status
        return 0
    }
    let offset = state.received
    state.received += Int64(length)
    return state.sink(offset, UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}
