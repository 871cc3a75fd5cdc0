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
        let name = event.file.fileName
        let text: String?
        switch event.phase {
        case .reused: text = "\(name): in cache"
        case .adopted: text = "\(name): found in cache, MD5 verified"
        case .started(let offset): text = offset > 0 ? "\(name): resuming at \(ByteSize.format(offset))" : "\(name): downloading \(ByteSize.format(event.total))"
        case .progress: text = interactive ? progressLine(event) : nil
        case .retrying(let attempt, let reason): text = "\(name): retry \(attempt): \(reason)"
        case .finished: text = "\(name): done, MD5 verified"
        }
        guard let text else { return }
        guard interactive else { return write(text + "\n") }
        if lines[name] == nil { order.append(name) }
        lines[name] = text
        // Redraw the block of per-file lines in place.
        var out = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
        for key in order { out += "\r\u{1B}[2K" + (lines[key] ?? "") + "\n" }
        drawn = order.count
        write(out)
    }

    private func progressLine(_ event: DownloadEvent) -> String {
        let fraction = event.total > 0 ? min(1, Double(event.bytes) / Double(event.total)) : 0
        let filled = Int(fraction * 20)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
        let rate = event.bytesPerSecond > 0 ? "\(ByteSize.format(Int64(event.bytesPerSecond)))/s" : "-"
        let eta = event.secondsRemaining.map { String(format: "ETA %d:%02d", Int($0) / 60, Int($0) % 60) } ?? ""
        return "\(event.file.fileName) [\(bar)] \(ByteSize.format(event.bytes)) / \(ByteSize.format(event.total))  \(rate)  \(eta)"
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
