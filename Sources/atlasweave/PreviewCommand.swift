import ArgumentParser
import Foundation
import MicroHTTP

struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a report, serve its folder on 127.0.0.1, and render again on every save; the open page reloads itself.",
        discussion: """
            Prints the report's address on stdout once the first render is done. Serves only \
            the files under the report's folder. Each save renders again as watch does, and the \
            page reloads after each render; the report written to disk is the same as render's. \
            Ctrl-C or SIGTERM stops (exit 0).
            """)

    @OptionGroup var options: RenderOptions

    @Option(help: ArgumentHelp("The port on 127.0.0.1; 0 picks a free one.", valueName: "N"))
    var port: Int = 4848

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port expects 0…65535, got \(port)") }
    }

    func run() async throws {
        let site = PreviewSite(report: options.url)
        // Listening before the first render: a port in use is said at once, not after the render.
        let server: HTTPServer
        do {
            server = try HTTPServer(port: UInt16(port)) { site.respond(to: $0) }
        } catch {
            StandardError.write("\(error)\(port == 0 ? "" : " (--port 0 picks a free one)")")
            throw ExitCode(1)
        }
        let loop = WatchLoop(options: options, stoppedMessage: "stopped preview")
        try await loop.run(stop: { server.stop() }) { outcome in
            site.rendered(outcome)
            if site.renders == 1 {
                let address = site.address(port: server.port)
                FileHandle.standardOutput.write(Data((address + "\n").utf8))
                StandardError.write("serving \(address) (the page reloads after each render)")
            }
        }
    }
}
