/// How a render uses the stage cache in `.atlasweave/` (`render` flags `--refresh`,
/// `--refresh ID`, `--no-cache`).
public struct CachePolicy: Sendable, Equatable {
    /// Cached results may be used (false for `--refresh` and `--no-cache`).
    public let read: Bool
    /// Results of stages that ran are stored (false for `--no-cache`).
    public let write: Bool
    /// Stages re-run whatever the cache holds, with every stage that depends on them.
    public let refresh: Set<String>
    /// `--verify`: stages with input files run again, and inputs that a cache (the atlas cache's
    /// download record, the stage cache's hash memo) vouches for are hashed again.
    public private(set) var verify = false

    /// Use and update the cache.
    public static let normal = CachePolicy(read: true, write: true, refresh: [])
    /// `--refresh`: run every stage and store the results.
    public static let refreshAll = CachePolicy(read: false, write: true, refresh: [])
    /// `--no-cache`: run every stage; neither read nor write `.atlasweave/`.
    public static let off = CachePolicy(read: false, write: false, refresh: [])

    /// `--refresh ID…`: these stages and their dependents run; the rest may come from the cache.
    public static func refresh(_ ids: Set<String>) -> CachePolicy {
        CachePolicy(read: true, write: true, refresh: ids)
    }

    /// This policy with `--verify` on or off.
    public func verifying(_ on: Bool) -> CachePolicy {
        var policy = self
        policy.verify = on
        return policy
    }

    private init(read: Bool, write: Bool, refresh: Set<String>) {
        self.read = read
        self.write = write
        self.refresh = refresh
    }
}
