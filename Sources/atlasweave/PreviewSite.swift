import Checksums
import Foundation
import Locking
import MicroHTTP
import Synchronization
import Weave

/// What `preview` serves: the files of the report's folder, the report itself with a script
/// that reloads it after each render, and the stream of render events that script listens to.
/// Only the served page has the script; the report on disk never does.
final class PreviewSite: Sendable {
    static let eventsPath = "/__atlasweave/events"

    private struct State {
        var folder: ServedFolder
        /// Renders finished since preview started (the page asks for a reload when it changes).
        var renders = 0
    }

    private let state: Mutex<State>
    /// Tells this preview's renders from another's, so a page left open across a restart of
    /// preview reloads when its events reconnect to the new one.
    private let instance = UUID().uuidString.prefix(8)
    /// The report's file name (`report.md` → `report.html`), wherever a render puts it.
    let reportName: String
    private let source: String

    init(report: URL) {
        reportName = report.deletingPathExtension().lastPathComponent + ".html"
        source = report.lastPathComponent
        state = Mutex(State(folder: ServedFolder(report.deletingLastPathComponent())))
    }

    /// The report's address on `port`.
    func address(port: UInt16) -> String {
        "http://127.0.0.1:\(port)" + Self.address(path: reportName)
    }

    /// After a render: serve the folder it wrote the report into (unchanged after a document
    /// error, which writes nothing) and tell the open pages to reload.
    func rendered(_ outcome: RenderOutcome?) {
        state.locked { state in
            if let outcome { state.folder = ServedFolder(outcome.output.deletingLastPathComponent()) }
            state.renders += 1
        }
    }

    var renders: Int { state.locked { $0.renders } }

    /// Names the last render: what a page was served after, and what its events compare.
    var generation: String { generation(renders) }

    private func generation(_ renders: Int) -> String { "\(instance)-\(renders)" }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            var refusal = HTTPResponse.text(405, "only GET and HEAD")
            refusal.headers.append(("Allow", "GET, HEAD"))
            return refusal
        }
        let (folder, renders) = state.locked { ($0.folder, $0.renders) }
        switch request.path {
        case Self.eventsPath: return ReloadEvents(site: self, seen: request.arguments["since"]).response
        case "/": return HTTPResponse(status: 302, headers: [("Location", Self.address(path: reportName))], body: .bytes([]))
        default: break
        }
        let isReport = request.path.removingPercentEncoding == "/" + reportName
        switch folder.lookup(request.path) {
        case .refused: return .text(403, "forbidden: \(request.path) is not a file under the report's folder")
        case .notFound: return isReport ? placeholder(renders: renders) : .text(404, "not found: \(request.path)")
        case .file(let url):
            // Until the first render ends, what is on disk may be an older run's report.
            guard isReport else { return .file(url) }
            return renders == 0 ? placeholder(renders: renders) : page(url, renders: renders)
        }
    }

    private static func address(path: String) -> String {
        "/" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
    }

    /// The report as written, with the reload script before `</body>`.
    private func page(_ url: URL, renders: Int) -> HTTPResponse {
        guard let html = try? String(contentsOf: url, encoding: .utf8) else { return .text(404, "not found") }
        let script = reloadScript(seen: renders).rendered
        let withScript = html.range(of: "</body>", options: .backwards).map { html.replacingCharacters(in: $0, with: script + "</body>") }
            ?? html + script
        let served = Self.policy(of: withScript, allowing: script)
        return HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
                            body: .bytes(Array(served.utf8)))
    }

    /// Stands for the report before the first render ends, or when no render has written it.
    private func placeholder(renders: Int) -> HTTPResponse {
        let message = renders == 0 ? "Rendering \(source)…" : "\(source) has no report yet: fix the error atlasweave printed and save."
        let html: HTMLText = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(reportName)</title></head>\
            <body><p>\(message)</p>\(reloadScript(seen: renders))</body></html>
            """
        return HTTPResponse(status: renders == 0 ? 503 : 404, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
                            body: .bytes(Array(html.rendered.utf8)))
    }

    /// The report's Content-Security-Policy runs only its own script and allows no request: the
    /// served copy's also runs `script` (by its hash) and lets it reach the event stream.
    private static func policy(of html: String, allowing script: String) -> String {
        guard let directive = html.range(of: "script-src "),
              let open = script.range(of: ">"), let close = script.range(of: "</script>", options: .backwards) else { return html }
        let hash = FileDigest.sha256Base64(of: Data(script[open.upperBound..<close.lowerBound].utf8))
        return html.replacingCharacters(in: directive, with: "connect-src 'self'; script-src 'sha256-\(hash)' ")
    }

    /// Reloads the page at the first render after render number `seen`.
    private func reloadScript(seen renders: Int) -> HTMLText {
        """
        <script>/* atlasweave preview: reload after each render */
        (() => { const events = new EventSource("\(Self.eventsPath)?since=\(generation(renders))");
        events.addEventListener("render", () => { events.close(); location.reload(); }); })();
        </script>
        """
    }
}

/// One page's stream of server-sent events: a `render` event (then the end) as soon as the
/// generation differs from the one the page was served after; a comment every ten
/// seconds meanwhile, so the connection of a closed page is noticed and ended.
final class ReloadEvents: Sendable {
    private struct Progress {
        var lastSent: ContinuousClock.Instant?
        var ended = false
    }

    private let site: PreviewSite
    private let seen: String
    private let progress = Mutex(Progress())

    /// `seen` nil (no `since` argument): reload at the next render.
    init(site: PreviewSite, seen: String?) {
        self.site = site
        self.seen = seen ?? site.generation
    }

    var response: HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", "text/event-stream"), ("Cache-Control", "no-store")],
                     body: .stream(next))
    }

    private func next() -> StreamStep {
        let generation = site.generation
        let text: String? = progress.locked { progress in
            if progress.ended { return nil }
            let now = ContinuousClock.now
            let message: String
            if progress.lastSent == nil {
                message = "retry: 1000\n\n"
            } else if generation != seen {
                progress.ended = true
                message = "event: render\ndata: \(generation)\n\n"
            } else if let last = progress.lastSent, now - last < .seconds(10) {
                return ""
            } else {
                message = ": waiting for a render\n\n"
            }
            progress.lastSent = now
            return message
        }
        guard let text else { return .end }
        return text.isEmpty ? .wait : .send(Array(text.utf8))
    }
}
