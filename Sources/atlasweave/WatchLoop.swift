import AtomicFiles
import Dispatch
import Foundation
import Weave

/// The loop `watch` and `preview` share: render, say what re-ran, wait for a save of the report
/// (or of its --params file), render again; until Ctrl-C or SIGTERM, which end it with status 0.
struct WatchLoop {
    let options: RenderOptions
    /// Said on stderr when a signal stops the loop.
    let stoppedMessage: String

    static let pollInterval = Duration.milliseconds(500)

    /// Runs until a signal; `stop` runs first when one arrives (in another thread), and
    /// `afterRender` after each render (`nil` when a document error stopped it).
    func run(stop: @escaping @Sendable () -> Void = {},
             afterRender: (RenderOutcome?) async throws -> Void = { _ in }) async throws {
        let stopping = [SIGINT, SIGTERM].map { exitOnSignal($0, stop: stop) }
        defer { stopping.forEach { $0.cancel() } }
        let watched = [options.url] + (options.paramsURL.map { [$0] } ?? [])
        var stamps = watched.map(FileStamp.init)
        var cache = options.cachePolicy
        while true {
            let outcome = await options.render(cache: cache).outcome
            Self.summarize(outcome)
            try await afterRender(outcome)
            // --refresh means once; later saves re-run only what they changed.
            if cache != .off { cache = .normal }
            StandardError.write("watching \(watched.map(\.lastPathComponent).joined(separator: ", ")) for changes (Ctrl-C to stop)")
            while true {
                try await Task.sleep(for: Self.pollInterval)
                let now = watched.map(FileStamp.init)
                if now != stamps {
                    stamps = now
                    break
                }
            }
            StandardError.write("changed: rendering again")
        }
    }

    /// One line saying which stages ran (and why) and how many came from the cache.
    private static func summarize(_ outcome: RenderOutcome?) {
        guard let outcome else { return }
        let ran = outcome.computed
        let cached = outcome.cached.count - ran.filter(\.rerunForObject).count
        if ran.isEmpty {
            StandardError.write("re-ran nothing (\(cached) cached)")
            return
        }
        let list = ran.map { stage in
            let why = stage.rerunForObject ? "for its in-memory result" : stage.reason ?? ""
            return why.isEmpty ? stage.id : "\(stage.id) (\(why))"
        }
        StandardError.write("re-ran \(ran.count): \(list.joined(separator: ", ")); \(cached) cached")
    }

    /// Ctrl-C (or a plain kill) ends the loop with status 0; writes in progress are atomic,
    /// so nothing is left half-written.
    private func exitOnSignal(_ number: Int32, stop: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        let message = stoppedMessage
        source.setEventHandler {
            stop()
            StandardError.write(message)
            Temporaries.removeTracked()
            Foundation.exit(0)
        }
        source.resume()
        return source
    }
}
