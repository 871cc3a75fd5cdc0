import Foundation
import Testing
import TestSupport

/// `preview` through the built binary: what its server serves and refuses over real HTTP, the
/// open page reloading in headless Chromium after an edit, and stopping by signal.
@Suite("atlasweave preview")
struct PreviewCommandTests {
    private static let report = """
        # Cells

        The first draft.

        ```{file-summary}
        id: cells
        files: cells.csv
        ```
        """

    /// A 1×1 PNG.
    private static let pixel = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    /// The report's folder (served) beside a folder that must stay out of reach.
    private func folders() throws -> (served: URL, outside: URL) {
        let parent = try TestPaths.temporaryDirectory("cli-preview")
        let served = parent.appendingPathComponent("report"), outside = parent.appendingPathComponent("outside")
        for folder in [served, outside, served.appendingPathComponent("sub")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try Data(Self.report.utf8).write(to: served.appendingPathComponent("report.md"))
        try Data("cell,cluster\nc1,a\n".utf8).write(to: served.appendingPathComponent("cells.csv"))
        try Self.pixel.write(to: served.appendingPathComponent("pixel.png"))
        try Data("notes\n".utf8).write(to: served.appendingPathComponent("sub/notes.txt"))
        try Data([0, 1, 2]).write(to: served.appendingPathComponent("data.bin"))
        try Data("TOP-SECRET-CONTENT\n".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: served.appendingPathComponent("leak.txt").path, withDestinationPath: "../outside/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: served.appendingPathComponent("same.csv").path, withDestinationPath: "cells.csv")
        return (served, outside)
    }

    /// Starts `preview --port 0` and waits for the address it prints.
    private func start(in folder: URL) async throws -> (process: RunningProcess, address: String, port: UInt16) {
        let preview = try RunningProcess(["preview", "report.md", "--port", "0"], in: folder)
        #expect(try await preview.waitFor("\n", onStdout: true), "\(preview.stderr)")
        let address = preview.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = address.firstMatch(of: /^http:\/\/127\.0\.0\.1:(\d+)\/report\.html$/).flatMap { UInt16($0.1) }
        guard let port else { throw HTTPProbe.Failure(description: "no address on stdout: '\(address)'\n\(preview.stderr)") }
        return (preview, address, port)
    }

    @Test("serves the report's folder with the right Content-Types; the served report alone has the reload script")
    func servesFiles() async throws {
        let (folder, _) = try folders()
        let (preview, _, port) = try await start(in: folder)
        let page = try HTTPProbe.send("/report.html", port: port)
        #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.body.contains("The first draft.") && page.body.contains(#/new EventSource\("/__atlasweave/events\?since=[0-9A-F]{8}-1"\)/#))
        let written = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(written.contains("The first draft.") && !written.contains("__atlasweave") && !written.contains("EventSource"))
        // The served policy also runs the reload script (by its hash) and lets it reach the events.
        #expect(page.body.contains(#/connect-src 'self'; script-src 'sha256-[A-Za-z0-9+\/=]{44}' 'sha256-/#))
        #expect(page.body.replacingOccurrences(of: #"<script>/\* atlasweave preview[^<]*</script>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"connect-src 'self'; script-src 'sha256-[^']*' "#, with: "script-src ", options: .regularExpression) == written)

        let types = ["/cells.csv": "text/csv; charset=utf-8", "/pixel.png": "image/png", "/sub/notes.txt": "text/plain; charset=utf-8",
                     "/data.bin": "application/octet-stream", "/report.md": "text/markdown; charset=utf-8",
                     "/same.csv": "text/csv; charset=utf-8", "/cells%2Ecsv": "text/csv; charset=utf-8"]
        for (path, type) in types {
            let reply = try HTTPProbe.send(path, port: port)
            #expect(reply.status == 200 && reply.headers["content-type"] == type, "\(path): \(reply.status) \(reply.headers)")
            #expect(reply.headers["x-content-type-options"] == "nosniff")
        }
        #expect(try HTTPProbe.send("/cells.csv", port: port).body == "cell,cluster\nc1,a\n")
        let head = try HTTPProbe.send("/cells.csv", method: "HEAD", port: port)
        #expect(head.status == 200 && head.headers["content-length"] == "18" && head.body.isEmpty)
        let root = try HTTPProbe.send("/", port: port)
        #expect(root.status == 302 && root.headers["location"] == "/report.html")
        #expect(try HTTPProbe.send("/report.html", method: "POST", port: port).status == 405)
        #expect(try await preview.stop(with: SIGTERM) == 0)
    }

    @Test("refuses paths out of the folder (.., percent-encoded .., absolute, symlinks out, hidden) with 403; missing files 404")
    func refusesPathsOut() async throws {
        let (folder, _) = try folders()
        let (preview, _, port) = try await start(in: folder)
        let refused = ["/../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/%2E%2E%2Foutside%2Fsecret.txt",
                       "/sub/../../outside/secret.txt", "/sub/%2e%2e/%2e%2e/outside/secret.txt", "//etc/passwd",
                       "/%2Fetc%2Fpasswd", "/leak.txt", "/.atlasweave/file-hashes.json", "/sub/", "/cells.csv%00.png",
                       "/%zz", "/./cells.csv"]
        for path in refused {
            let reply = try HTTPProbe.send(path, port: port)
            #expect(reply.status == 403, "\(path): \(reply.status)")
            #expect(!reply.body.contains("TOP-SECRET"), "\(path): \(reply.body)")
        }
        // Not a path at all: libmicrohttpd or the server turns it away.
        let relative = try HTTPProbe.send("etc/passwd", port: port)
        #expect([400, 403].contains(relative.status), "\(relative.status)")
        for path in ["/missing.csv", "/sub", "/etc/passwd", "/outside/secret.txt"] {
            #expect(try HTTPProbe.send(path, port: port).status == 404, "\(path)")
        }
        #expect(try await preview.stop(with: SIGINT) == 0)
        #expect(preview.stderr.hasSuffix("stopped preview\n"))
    }

    @Test("the reload stream sends a render event after each render; a document error is printed and the last good report stays served")
    func reloadEventsAndErrors() async throws {
        let (folder, _) = try folders()
        let (preview, _, port) = try await start(in: folder)
        let events = try HTTPProbe.send("/__atlasweave/events?since=0", port: port)
        #expect(events.status == 200 && events.headers["content-type"] == "text/event-stream")
        #expect(events.body.contains("retry: 1000\n\n") && events.body.contains(#/event: render\ndata: [0-9A-F]{8}-1\n\n/#))

        try Data(Self.report.replacingOccurrences(of: "{file-summary}", with: "{file-sumary}").utf8)
            .write(to: folder.appendingPathComponent("report.md"))
        #expect(try await preview.waitFor("report.md:5: error: unknown directive '{file-sumary}'"), "\(preview.stderr)")
        #expect(try await preview.waitFor("for changes (Ctrl-C to stop)", times: 2), "\(preview.stderr)")
        let generation = try #require(events.body.firstMatch(of: /data: ([0-9A-F]{8})-1\n/)?.1)
        let again = try HTTPProbe.send("/__atlasweave/events?since=\(generation)-1", port: port)
        #expect(again.body.contains("event: render\ndata: \(generation)-2\n\n"), "\(again.body)")
        let page = try HTTPProbe.send("/report.html", port: port)
        #expect(page.status == 200 && page.body.contains("The first draft.") && page.body.contains("events?since=\(generation)-2"))

        let second = try RunningProcess(["preview", "report.md", "--port", "\(port)"], in: folder)
        #expect(try await second.exitStatus(within: .seconds(30)) == 1)
        #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(port): the port is in use (--port 0 picks a free one)"), "\(second.stderr)")
        #expect(try BuiltBinary.run(["preview", "report.md", "--port", "70000"], in: folder).status == 2)

        #expect(try await preview.stop(with: SIGTERM) == 0)
        #expect(!HTTPProbe.isListening(port: port))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test("the page open in headless Chromium reloads with the new text after the document is saved; SIGTERM stops preview with 0",
          .needsBrowser)
    func browserReloads() async throws {
        let (folder, _) = try folders()
        let (preview, address, _) = try await start(in: folder)
        let check = try TestBrowser.runScript("check_preview_reload.py", arguments: [
            address, folder.appendingPathComponent("report.md").path, "The first draft.", "The second draft.",
        ])
        #expect(check.status == 0 && check.stdout == "reloaded\n", "\(check.stdout)\(check.stderr)\n\(preview.stderr)")
        #expect(try await preview.stop(with: SIGTERM) == 0)
        let written = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(written.contains("The second draft.") && !written.contains("EventSource"))
    }
}
