import Foundation
import Synchronization
import Weave

/// One stderr line per stage, `[3/7] histogram … 0.2 s`. On a terminal the line of the
/// running stage is rewritten in place (with the stage's own progress messages); otherwise
/// each line is printed once, when the stage ends, and a stage's own messages are printed
/// indented, at most one every few seconds so a log stays readable.
final class TerminalProgress: Sendable {
    private let enabled: Bool
    private let live: Bool
    /// The running stage's prefix, `[3/7] histogram`.
    private let current = Mutex<String?>(nil)
    /// When the last plain progress message was printed.
    private let lastMessage = Mutex<ContinuousClock.Instant?>(nil)
    private static let plainMessageInterval = Duration.seconds(5)

    init(enabled: Bool, live: Bool) {
        self.enabled = enabled
        self.live = live
    }

    func handle(_ event: RenderEvent) {
        guard enabled else { return }
        switch event {
        case .started(let index, let count, let directive, let id):
            let prefix = Self.prefix(index: index, count: count, directive: directive, id: id)
            current.withLock { $0 = prefix }
            if live { StandardError.write("\r\u{1B}[2K\(prefix) …", newline: false) }
        case .progress(let message):
            guard let prefix = current.withLock({ $0 }) else { return }
            if live {
                StandardError.write("\r\u{1B}[2K\(prefix) … \(message)", newline: false)
                return
            }
            let now = ContinuousClock.now
            let due = lastMessage.withLock { last in
                guard last.map({ now - $0 >= Self.plainMessageInterval }) ?? true else { return false }
                last = now
                return true
            }
            if due { StandardError.write("      \(message)") }
        case .finished(let record, let count):
            current.withLock { $0 = nil }
            let prefix = Self.prefix(index: record.index, count: count, directive: record.directive, id: record.id)
            let status: String
            switch record.status {
            case .ran: status = String(format: "%.1f s", record.seconds)
            case .failed: status = String(format: "failed after %.1f s", record.seconds)
            case .skipped: status = "skipped"
            }
            StandardError.write((live ? "\r\u{1B}[2K" : "") + "\(prefix) … \(status)")
        }
    }

    private static func prefix(index: Int, count: Int, directive: String, id: String) -> String {
        "[\(index + 1)/\(count)] \(directive)" + (id == directive ? "" : " (\(id))")
    }
}
