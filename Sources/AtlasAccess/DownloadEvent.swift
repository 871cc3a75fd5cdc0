import Foundation

/// What a fetch reports while it works, for a progress display (the CLI picks the rendering).
public struct DownloadEvent: Sendable {
    public enum Phase: Sendable, Equatable {
        /// Already in the cache and recorded; no request made.
        case reused
        /// Another process (or task) is fetching the file into the same cache; this one waits for it.
        case waiting
        /// Already in the cache, put there by another tool; its MD5 was checked, then it was recorded.
        case adopted
        /// A request starts, from byte `resumingAt` (above zero when a `.part` is resumed).
        case started(resumingAt: Int64)
        case progress
        /// A transient failure or a checksum mismatch; the next attempt follows after a wait.
        case retrying(attempt: Int, reason: String)
        /// Downloaded, MD5 checked and renamed into place.
        case finished
    }

    public let file: AtlasFile
    public let phase: Phase
    /// Bytes of the file on disk so far (including a resumed part).
    public let bytes: Int64
    public let total: Int64
    /// Average rate of the current request, bytes per second (0 before any byte arrived).
    public let bytesPerSecond: Double

    public init(file: AtlasFile, phase: Phase, bytes: Int64, total: Int64, bytesPerSecond: Double = 0) {
        self.file = file
        self.phase = phase
        self.bytes = bytes
        self.total = total
        self.bytesPerSecond = bytesPerSecond
    }

    /// Seconds left at the current rate, when it can be estimated.
    public var secondsRemaining: Double? {
        guard bytesPerSecond > 0, total >= bytes else { return nil }
        return Double(total - bytes) / bytesPerSecond
    }
}

/// Receives download events, possibly from several download threads at once.
public typealias DownloadProgressHandler = @Sendable (DownloadEvent) -> Void
