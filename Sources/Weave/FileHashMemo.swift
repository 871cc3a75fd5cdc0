import Checksums
import Foundation

/// MD5s of files remembered with the size and modification time they had when hashed
/// (`.atlasweave/file-hashes.json`), so an unchanged multi-gigabyte input or output is not
/// read again on every render. A file whose size and modification time (to the nanosecond)
/// are both unchanged is trusted to be unchanged, as targets' `trust_timestamps` does.
final class FileHashMemo: @unchecked Sendable {
    struct Entry: Codable, Equatable {
        let stamp: FileStamp
        let md5: String
    }

    private let url: URL
    /// By absolute path.
    private var entries: [String: Entry]
    private var changed = false
    /// Guards `entries` and `changed`: a re-run for an in-memory object may hash from another task.
    private let lock = NSLock()

    /// Loads the memo at `url`; a missing or unreadable memo starts empty (it is only a shortcut).
    init(url: URL) {
        self.url = url
        entries = (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode([String: Entry].self, from: $0) } ?? [:]
    }

    /// The MD5 of the file now, nil if there is no such file. Hashes only when its size or
    /// modification time differs from what the memo holds.
    func md5(of file: URL) throws -> String? {
        guard let stamp = FileStamp(file) else { return nil }
        if let known = lock.withLock({ entries[file.standardizedFileURL.path] }), known.stamp == stamp { return known.md5 }
        let md5 = try FileDigest.md5(of: file)
        store(Entry(stamp: stamp, md5: md5), for: file)
        return md5
    }

    /// Remembers a checksum a stage just computed, if the file still has the recorded size.
    func remember(_ record: FileRecord, at file: URL) {
        guard let stamp = FileStamp(file), stamp.size == record.size else { return }
        store(Entry(stamp: stamp, md5: record.md5), for: file)
    }

    /// Writes the memo if it changed (atomically: a concurrent render reads the old or new one).
    func save() throws(ReportError) {
        let snapshot: [String: Entry]? = lock.withLock { changed ? entries : nil }
        guard let snapshot else { return }
        let data: Data
        do { data = try JSONEncoder.forCache.encode(snapshot) } catch {
            throw .unwritable(path: url.path, message: String(describing: error))
        }
        try AtomicFile.write(data, to: url)
    }

    private func store(_ entry: Entry, for file: URL) {
        lock.withLock {
            if entries[file.standardizedFileURL.path] != entry { entries[file.standardizedFileURL.path] = entry; changed = true }
        }
    }
}
