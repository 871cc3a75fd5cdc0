import ArgumentParser
import AtomicFiles
import Dispatch
import Foundation
import Weave

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Render a report, then render it again on every save of it (or of its --params file).",
        discussion: """
            Each render takes unchanged stages from the stage cache and prints which stages ran \
            and why. --refresh applies to the first render only. Files are checked every half \
            second; Ctrl-C stops (exit 0).
            """)

    @OptionGroup var options: RenderOptions

    static let pollInterval = Duration.milliseconds(500)

    func run() async throws {
        let stopping = [SIGINT, SIGTERM].map(Self.exitOnSignal)
        defer { stopping.forEach { $0.cancel() } }
        let watched = [options.url] + (options.paramsURL.map { [$0] } ?? [])
        var stamps = watched.map(FileStamp.init)
        var cache = options.cachePolicy
        while true {
            let outcome = await options.render(cache: cache).outcome
            Self.summarize(outcome)
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

    /// Ctrl-C (or a plain kill) ends watching with status 0; writes in progress are atomic,
    /// so nothing is left half-written.
    private static func exitOnSignal(_ number: Int32) -> any DispatchSourceSignal {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            StandardError.write("stopped watching")
            Temporaries.removeTracked()
            Foundation.exit(0)
        }
        source.resume()
        return source
    }
}
