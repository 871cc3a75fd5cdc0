import Checksums
import Foundation
import Jobs

/// Getting files into the cache: reuse, adoption of files put there by other tools, downloads.
extension AtlasProject {
    /// The cached, verified copy of `file`, downloading it when needed (never in local-only mode).
    /// `verify` re-hashes a copy that the cache records as verified instead of trusting it.
    public func fetch(_ file: AtlasFile, verify: Bool = false, progress: DownloadProgressHandler? = nil) async throws -> FetchedFile {
        try await Blocking.run { try fetchBlocking(file, verify: verify, progress: progress, cancellation: $0) }
    }

    /// Several files, up to `jobs` at once, in the order given (a file named twice is fetched once).
    /// After a failure no new file starts; those under way finish (their parts stay resumable),
    /// then the first error is thrown.
    public func fetch(_ files: [AtlasFile], jobs: Int = 4, verify: Bool = false, progress: DownloadProgressHandler? = nil) async throws -> [FetchedFile] {
        var slot: [String: Int] = [:]
        var unique: [AtlasFile] = []
        for file in files where slot[file.relativePath] == nil {
            slot[file.relativePath] = unique.count
            unique.append(file)
        }
        let results = try await BoundedJobs.map(unique, jobs: jobs) { file in try await fetch(file, verify: verify, progress: progress) }
        return files.map { results[slot[$0.relativePath]!] }
    }

    private func fetchBlocking(_ file: AtlasFile, verify: Bool, progress: DownloadProgressHandler?, cancellation: CancellationFlag) throws -> FetchedFile {
        let local = try cache.path(for: file.relativePath)
        // One fetch of a file at a time per cache, across processes; none in local-only mode,
        // which may read a cache it cannot write.
        let lock = localOnly ? nil : try PartLock.acquire(local.appendingPathExtension("part"), cancellation: cancellation) {
            progress?(DownloadEvent(file: file, phase: .waiting, bytes: 0, total: file.size))
        }
        var done = false
        defer { lock?.release(removing: done) }
        if let reused = try existing(file, at: local, verify: verify, progress: progress) {
            done = true
            return reused
        }
        if localOnly { throw AtlasAccessError.missingLocally(name: "\(file.directory) \(file.name)", path: local.path) }
        let url = try source.url(for: file.relativePath)
        try Downloader(policy: retry, cancellation: cancellation).download(file, from: url, to: local, progress: progress)
        try cache.recordDownloaded(local)
        done = true
        return FetchedFile(file: file, path: local, md5: file.md5, origin: .downloaded)
    }

    /// A copy already at the cache path: trusted when recorded with the right size (as the Python
    /// package does) unless `verify`, else adopted when its MD5 matches; a wrong copy is removed
    /// for a fresh download.
    private func existing(_ file: AtlasFile, at local: URL, verify: Bool, progress: DownloadProgressHandler?) throws -> FetchedFile? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: local.path) else { return nil }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        if !verify && size == file.size && cache.isRecorded(local) {
            progress?(DownloadEvent(file: file, phase: .reused, bytes: size, total: file.size))
            return FetchedFile(file: file, path: local, md5: file.md5, origin: .cached,
                               recordedOn: attributes[.modificationDate] as? Date ?? Date())
        }
        let actual: String
        do {
            actual = try FileDigest.md5(of: local)
        } catch {
            throw AtlasAccessError.io(path: local.path, message: "cannot read: \(error.localizedDescription)")
        }
        if actual == file.md5 {
            try cache.recordDownloaded(local)
            progress?(DownloadEvent(file: file, phase: .adopted, bytes: size, total: file.size))
            return FetchedFile(file: file, path: local, md5: actual, origin: .adopted)
        }
        if localOnly { throw AtlasAccessError.localFileCorrupt(path: local.path, expected: file.md5, actual: actual) }
        try? FileManager.default.removeItem(at: local)
        return nil
    }
}
