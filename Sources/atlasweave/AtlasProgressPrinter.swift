import AtlasAccess
import Foundation

/// Shows download events on stderr: on a terminal one redrawn line per file with bytes, rate and
/// ETA; otherwise plain lines when a file starts, retries or finishes.
final class AtlasProgressPrinter: @unchecked Sendable {
    private let interactive: Bool
    private let lock = NSLock()
    private var order: [String] = []
    private var lines: [String: String] = [:]
    private var drawn = 0

    init(interactive: Bool) {
        self.interactive = interactive
    }

    var handle: DownloadProgressHandler { { [self] event in lock.withLock { show(event) } } }

    private func show(_ event: DownloadEvent) {
        guard interactive else {
            if event.isMilestone { write(event.text + "\n") }
            return
        }
        let key = event.file.relativePath
        if lines[key] == nil { order.append(key) }
        lines[key] = event.text
        // Redraw the block of per-file lines in place.
        var out = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
        for key in order { out += "\r\u{1B}[2K" + (lines[key] ?? "") + "\n" }
        drawn = order.count
        write(out)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
