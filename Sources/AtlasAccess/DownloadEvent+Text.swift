import Foundation
import TextFormats

/// One-line renderings shared by the CLI and the report's progress lines.
extension DownloadEvent {
    /// A line for this event: what happened to the file, or for `.progress` a bar with bytes, rate and ETA.
    public var text: String {
        let name = file.fileName
        switch phase {
        case .reused: return "\(name): in cache"
        case .waiting: return "\(name): waiting for another fetch of this file to finish"
        case .adopted: return "\(name): found in cache, MD5 verified"
        case .started(let offset):
            return offset > 0 ? "\(name): resuming at \(ByteSize.format(offset)) of \(ByteSize.format(total))" : "\(name): downloading \(ByteSize.format(total))"
        case .retrying(let attempt, let reason): return "\(name): retry \(attempt): \(reason)"
        case .finished: return "\(name): done, MD5 verified"
        case .progress:
            let fraction = total > 0 ? min(1, Double(bytes) / Double(total)) : 0
            let filled = Int(fraction * 20)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
            let rate = bytesPerSecond > 0 ? "\(ByteSize.format(Int64(bytesPerSecond)))/s" : "-"
            let eta = secondsRemaining.map { String(format: "  ETA %d:%02d", Int($0) / 60, Int($0) % 60) } ?? ""
            return "\(name) [\(bar)] \(ByteSize.format(bytes)) / \(ByteSize.format(total))  \(rate)\(eta)"
        }
    }

    /// Every phase but `.progress`: what a log without a live display keeps.
    public var isMilestone: Bool { phase != .progress }
}
