import AtlasAccess
import Foundation
import Locking
import Synchronization

/// Shows download events on stderr: on a terminal one redrawn line per file with bytes, rate and
/// ETA; otherwise plain lines when a file starts, retries or finishes.
final class AtlasProgressPrinter: Sendable {
    private let interactive: Bool
    /// Files' lines in order of first event; `drawn` of them are on screen.
    private let screen = Mutex(Screen())
    private struct Screen {
        var order: [String] = []
        var lines: [String: String] = [:]
        var drawn = 0
    }

    init(interactive: Bool) {
        self.interactive = interactive
    }

    var handle: DownloadProgressHandler { { [self] event in screen.locked { show(event, on: &$0) } } }

    private func show(_ event: DownloadEvent, on screen: inout Screen) {
        guard interactive else {
            if event.isMilestone { write(event.text + "\n") }
            return
        }
        let key = event.file.relativePath
        if screen.lines[key] == nil { screen.order.append(key) }
        screen.lines[key] = event.text
        // Redraw the block of per-file lines in place.
        var out = screen.drawn > 0 ? "\u{1B}[\(screen.drawn)A" : ""
        for key in screen.order { out += "\r\u{1B}[2K" + (screen.lines[key] ?? "") + "\n" }
        screen.drawn = screen.order.count
        write(out)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
