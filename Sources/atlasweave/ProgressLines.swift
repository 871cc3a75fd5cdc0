import Foundation
import Locking
import Synchronization
import Weave

/// One stderr line per stage, `[3/7] histogram … ran 0.2 s (options changed)` or `… cached`. On a terminal the line of the
/// running stage is rewritten in place (with the stage's own progress messages); otherwise
/// each line is printed once, when the stage ends, and a stage's own messages are printed
/// indented, at most one every few seconds so a log stays readable. Messages that start with
/// `warning:` are always printed, on a line of their own.
final class ProgressLines: Sendable {
    private let enabled: Bool
    private let live: Bool
    /// Writes text as is (lines carry their own newline).
    private let write: @Sendable (String) -> Void
    /// A stage may report progress from tasks of its own.
    private let state = Mutex(State())
    private struct State {
        /// The running stage's prefix, `[3/7] histogram`.
        var current: String?
        /// When the last plain progress message was printed.
        var lastMessage: ContinuousClock.Instant?
    }
    /// Live lines are cut to this many characters of message so they never wrap (a wrapped
    /// line cannot be rewritten with `\r`).
    private static let liveMessageWidth = 60
    private static let plainMessageInterval = Duration.seconds(5)

    /// - Parameters:
    ///   - enabled: false for `--quiet`.
    ///   - live: stderr is a terminal.
    ///   - write: where the text goes (stderr).
    init(enabled: Bool, live: Bool, write: @escaping @Sendable (String) -> Void) {
        self.enabled = enabled
        self.live = live
        self.write = write
    }

    func handle(_ event: RenderEvent) {
        guard enabled else { return }
        switch event {
        case .started(let index, let count, let directive, let id):
            let prefix = Self.prefix(index: index, count: count, directive: directive, id: id)
            state.locked { $0.current = prefix }
            if live { write("\r\u{1B}[2K\(prefix) …") }
        case .progress(let message):
            guard let prefix = state.locked({ $0.current }) else { return }
            // A warning is never rewritten away nor thinned out: it gets a line of its own.
            if message.hasPrefix("warning:") {
                write(live ? "\r\u{1B}[2K      \(message)\n\(prefix) …" : "      \(message)\n")
                return
            }
            if live {
                write("\r\u{1B}[2K\(prefix) … \(message.prefix(Self.liveMessageWidth))")
                return
            }
            let now = ContinuousClock.now
            let due = state.locked { state in
                guard state.lastMessage.map({ now - $0 >= Self.plainMessageInterval }) ?? true else { return false }
                state.lastMessage = now
                return true
            }
            if due { write("      \(message)\n") }
        case .finished(let record, let count):
            state.locked { $0.current = nil }
            let prefix = Self.prefix(index: record.index, count: count, directive: record.directive, id: record.id)
            let status: String
            switch record.status {
            case .ran where record.cached != nil: status = "cached"
            case .ran: status = String(format: "ran %.1f s", record.seconds) + (record.reason.map { " (\($0))" } ?? "")
            case .failed: status = String(format: "failed after %.1f s", record.seconds)
            case .skipped: status = "skipped"
            }
            write((live ? "\r\u{1B}[2K" : "") + "\(prefix) … \(status)\n")
        }
    }

    private static func prefix(index: Int, count: Int, directive: String, id: String) -> String {
        "[\(index + 1)/\(count)] \(directive)" + (id == directive ? "" : " (\(id))")
    }
}
