import AtomicFiles
import Checksums
import Foundation
import Locking
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

    /// Creates the cache folder with an empty `_downloaded_data.json` (`[]`) when it has none, as
    /// the Python package does: a cache whose first download is cut short then still has one.
    func prepare() throws {
        try Self.recordLock.locked { _ in
            guard !FileManager.default.fileExists(atPath: downloadedListURL.path) else { return }
            try Self.writeAtomically(Data("[]".utf8), to: downloadedListURL)
        }
    }

    /// Whether `_downloaded_data.json` lists the file.
    func isRecorded(_ url: URL) -> Bool {
        Self.recordLock.locked { _ in readDownloaded()?.contains(Self.realPath(url)) ?? false }
    }

    /// A `_downloaded_data.json` that is not a JSON list of paths is rebuilt from the files of
    /// `manifest` present in the cache whose MD5 matches (each is hashed); returns the warning.
    func repairRecord(for manifest: Manifest) -> String? {
        Self.recordLock.locked { _ -> String? in
            guard readDownloaded() == nil else { return nil }
            let problem = "is not a JSON list of paths"
            let verified = manifest.allFiles.compactMap { file -> String? in
                guard let local = try? path(for: file.relativePath),
                      let size = (try? FileManager.default.attributesOfItem(atPath: local.path))?[.size] as? NSNumber,
                      size.int64Value == file.size, (try? FileDigest.md5(of: local)) == file.md5 else { return nil }
                return Self.realPath(local)
            }
            do {
                let data = try JSONSerialization.data(withJSONObject: verified.sorted(), options: [.withoutEscapingSlashes])
                try Self.writeAtomically(data, to: downloadedListURL)
            } catch {
                return "\(downloadedListURL.path) \(problem), and could not be rebuilt: \(error)"
            }
            return "\(downloadedListURL.path) \(problem); rebuilt it from the \(verified.count) files of release \(manifest.version) present whose MD5 matches"
        }
    }

    /// Adds a completed file to `_downloaded_data.json` (re-read first: another process may have added some).
    func recordDownloaded(_ url: URL) throws {
        try Self.recordLock.locked { _ in
            // A record that cannot be read was reported and rebuilt when the release was opened.
            var paths = readDownloaded() ?? []
            let path = Self.realPath(url)
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

    /// The record's paths (none when there is no record yet); nil when it is not a list of paths.
    private func readDownloaded() -> [String]? {
        guard let data = FileManager.default.contents(atPath: downloadedListURL.path) else { return [] }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String]
    }

    /// The absolute path with symlinks resolved by realpath(3), as Python's `Path.resolve()` writes
    /// it (on macOS `/tmp/…` becomes `/private/tmp/…`); a missing file resolves as far as it can.
    public static func realPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        guard let real = realpath(path, nil) else { return url.standardizedFileURL.resolvingSymlinksInPath().path }
        defer { free(real) }
        return String(cString: real)
    }

    /// Writes through a temporary file renamed into place, creating the folder.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        do { try AtomicFile.write(data, to: url) } catch { throw AtlasAccessError.io(path: url.path, message: error.message) }
    }
}
