import Foundation

/// A source and a cache together: lists releases, opens a release manifest, fetches files.
public struct AtlasProject: Sendable {
    public let source: AtlasSource
    public let cache: AtlasCache
    /// Never touch the network: releases and files come from the cache only.
    public let localOnly: Bool
    public let retry: RetryPolicy

    public init(source: AtlasSource, cache: AtlasCache, localOnly: Bool = false, retry: RetryPolicy = .standard) {
        self.source = source
        self.cache = cache
        self.localOnly = localOnly
        self.retry = retry
    }

    /// The releases available, oldest first: the cache's in local-only mode, else the source's.
    public func releases() async throws -> [String] {
        if localOnly { return cache.cachedReleases() }
        return try await Blocking.run { try sourceReleases(cancellation: $0) }
    }

    /// Opens a release manifest (from the cache when it is there) and records it as last used.
    public func open(_ choice: ReleaseChoice) async throws -> AtlasRelease {
        try await Blocking.run { try openBlocking(choice, cancellation: $0) }
    }

    private func openBlocking(_ choice: ReleaseChoice, cancellation: CancellationFlag) throws -> AtlasRelease {
        var warnings: [String] = []
        let version: String
        switch choice {
        case .pinned(let release):
            version = release
        case .latest:
            guard let newest = try availableReleases(cancellation: cancellation).last else { throw AtlasAccessError.noReleases(source: sourceDescription) }
            version = newest
        case .lastUsed:
            if let last = cache.lastUsedRelease() {
                version = last
                // Only a hint, tried once: a source that cannot be listed (a plain web server, no
                // network) still serves the recorded release from the cache.
                var once = retry
                once.attempts = 1
                let newest = localOnly ? cache.cachedReleases().last : (try? sourceReleases(cancellation: cancellation, policy: once))?.last
                if let newest, newest > last {
                    warnings.append("using release \(last) from \(cache.lastUsedURL.path); a newer release \(newest) exists (use manifest: latest or \(newest))")
                }
            } else {
                guard let newest = try availableReleases(cancellation: cancellation).last else { throw AtlasAccessError.noReleases(source: sourceDescription) }
                version = newest
            }
        }
        let (manifest, path) = try loadManifest(version, cancellation: cancellation)
        if let problem = ReleaseChoice.incompatibility(of: manifest.version) {
            throw AtlasAccessError.badManifest(url: path.path, message: problem)
        }
        if !localOnly { try cache.prepare() }
        if let warning = cache.repairRecord(for: manifest) { warnings.append(warning) }
        if let warning = cache.recordLastUsed(version) { warnings.append(warning) }
        return AtlasRelease(project: self, version: version, manifest: manifest, manifestPath: path, warnings: warnings)
    }

    private var sourceDescription: String { localOnly ? "the cache \(cache.root.path) (local-only)" : source.description }

    private func availableReleases(cancellation: CancellationFlag) throws -> [String] {
        localOnly ? cache.cachedReleases() : try sourceReleases(cancellation: cancellation)
    }

    /// The cached manifest of a release, else downloaded into the cache.
    private func loadManifest(_ version: String, cancellation: CancellationFlag) throws -> (Manifest, URL) {
        let relativePath = ReleaseChoice.manifestPath(version)
        let local = try cache.path(for: relativePath)
        if let data = try? Data(contentsOf: local) {
            return (try Manifest.decode(data, source: local.path), local)
        }
        if localOnly {
            let available = cache.cachedReleases()
            if available.isEmpty { throw AtlasAccessError.missingLocally(name: "manifest of release \(version)", path: local.path) }
            throw AtlasAccessError.releaseNotFound(version, available: available)
        }
        let url = try source.url(for: relativePath)
        let data: Data
        do {
            data = try Downloader(policy: retry, cancellation: cancellation).data(from: url)
        } catch AtlasAccessError.transfer(_, _, let code, let status, _) where status == 404 || status == 403 || code == 37 {
            throw AtlasAccessError.releaseNotFound(version, available: (try? sourceReleases(cancellation: cancellation)) ?? [])
        }
        let manifest = try Manifest.decode(data, source: url.absoluteString)
        do {
            try AtlasCache.writeAtomically(data, to: local)
        } catch {
            throw AtlasAccessError.io(path: local.path, message: "cannot store the manifest: \(error)")
        }
        return (manifest, local)
    }

    /// Releases at the source: S3 ListObjectsV2 over http(s), the `releases/` folder over file://.
    private func sourceReleases(cancellation: CancellationFlag, policy: RetryPolicy? = nil) throws -> [String] {
        if source.isFile {
            let folder = source.baseURL.appendingPathComponent("releases")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.filter {
                ReleaseChoice.isReleaseName($0) && FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/manifest.json").path)
            }.sorted()
        }
        let downloader = try Downloader(policy: policy ?? retry, cancellation: cancellation)
        var keys: [String] = []
        var token: String?
        repeat {
            let url = BucketListing.requestURL(base: source.baseURL, prefix: "releases/", continuationToken: token)
            let page = try BucketListing.parse(try downloader.data(from: url), url: url.absoluteString)
            keys += page.keys
            token = page.isTruncated ? page.nextContinuationToken : nil
            if page.isTruncated && token == nil {
                throw AtlasAccessError.badListing(url: url.absoluteString, message: "IsTruncated without NextContinuationToken")
            }
        } while token != nil
        return keys.compactMap(ReleaseChoice.release(ofManifestPath:)).sorted()
    }
}
