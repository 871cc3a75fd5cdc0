import Foundation

/// A file of the release, present and verified in the cache.
public struct FetchedFile: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        /// Recorded in `_downloaded_data.json` with the manifest's size: used as is, not re-hashed.
        case cached
        /// Present but unrecorded (copied in by hand or another tool): MD5 checked, then recorded.
        case adopted
        /// Downloaded now and MD5 checked.
        case downloaded
    }

    public let file: AtlasFile
    public let path: URL
    /// MD5 hex, equal to the manifest's `file_hash`.
    public let md5: String
    public let origin: Origin
    /// For a `.cached` file, its modification time: when it was put in place after its check.
    public var recordedOn: Date?

    /// What was done to check the MD5, for a report: hashed now, or the cache's record trusted.
    public var verificationText: String {
        guard origin == .cached, let since = recordedOn else { return "verified now against the manifest" }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return "recorded as verified on \(day.string(from: since)) (not re-hashed; render --verify re-hashes)"
    }
}
