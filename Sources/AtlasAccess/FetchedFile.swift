import Foundation

/// A file of the release, present and verified in the cache.
public struct FetchedFile: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        /// Recorded in `_downloaded_data.json` with the manifest's size: used as is.
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
}
