import AtomicFiles
import Foundation
import Synchronization

/// The local cache, in the Python `abc_atlas_access` layout so either tool reuses the other's files:
/// `<root>/<relative_path>`, `_downloaded_data.json` (JSON list of absolute resolved paths of
/// completed downloads), `_manifest_last_used.txt` (`releases/<v>/manifest.json`).
public struct AtlasCache: Sendable {
    public let root: URL

    /// Writers of `_downloaded_data.json` in this process take turns (parallel downloads).
    private static let recordLock = Mutex(())

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public var downloadedListURL: URL { root.appendingPathComponent("_downloaded_data.json") }
    public var lastUsedURL: URL { root.appendingPathComponent("_manifest_last_used.txt") }

    /// Where a manifest `relative_path` lives in the cache; absolute paths and `..` are refused.
    public func path(for relativePath: String) throws -> URL {
        try AtlasSource.checkRelativePath(relativePath)
        return root.appendingPathComponent(relativePath)
    }

    /// The release recorded as last used, if any.
    public func lastUsedRelease() -> String? {
        guard let text = try? String(contentsOf: lastUsedURL, encoding: .utf8) else { return nil }
        return ReleaseChoice.release(ofManifestPath: text)
    }

    /// Records the release used; a read-only cache only earns a warning (returned), as in Python.
    func recordLastUsed(_ release: String) -> String? {
        do {
            try Self.writeAtomically(Data(ReleaseChoice.manifestPath(release).utf8), to: lastUsedURL)
            return nil
        } catch {
            return "could not record the release in \(lastUsedURL.path) (read-only cache?): \(error.localizedDescription)"
        }
    }

    /// Releases whose manifest is in the cache, oldest first.
    public func cachedReleases() -> [String] {
        let folder = root.appendingPathComponent("releases")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter {
            ReleaseChoice.isReleaseName($0) && FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/manifest.json").path)
        }.sorted()
    }

    /// Whether `_downloaded_data.json` lists the file.
    func isRecorded(_ url: URL) -> Bool {
        Self.recordLock.withLock { _ in readDownloaded().contains(Self.resolved(url)) }
    }

    /// Adds a completed file to `_downloaded_data.json` (re-read first: another process may have added some).
    func recordDownloaded(_ url: URL) throws {
        try Self.recordLock.withLock { _ in
            var paths = readDownloaded()
            let path = Self.resolved(url)
            guard !paths.contains(path) else { return }
            paths.append(path)
            do {
                let data = try JSONSerialization.data(withJSONObject: paths, options: [.withoutEscapingSlashes])
                try Self.writeAtomically(data, to: downloadedListURL)
            } catch {
                throw AtlasAccessError.io(path: downloadedListURL.path, message: "cannot record a download: \(error.localizedDescription)")
            }
        }
    }

    private func readDownloaded() -> [String] {
        guard let data = try? Data(contentsOf: downloadedListURL),
              let list = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return list
    }

    /// The absolute path with symlinks resolved, as Python's `Path.resolve()` writes it.
    static func resolved(_ url: URL) -> String {
        url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Writes through a temporary file renamed into place, creating the folder.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        do { try AtomicFile.write(data, to: url) } catch { throw AtlasAccessError.io(path: url.path, message: error.message) }
    }
}
