import AtomicFiles
import Checksums
import Foundation
import Locking
import Synchronization

/// Checksums of files remembered with the size and modification time they had when hashed
/// (`.atlasweave/file-hashes.json`), so an unchanged multi-gigabyte input or output is not
/// read again on every render. A file whose size and modification time (to the nanosecond)
/// are both unchanged is trusted to be unchanged, as targets' `trust_timestamps` does.
final class FileHashMemo: Sendable {
    /// A file's checksums (one per algorithm asked for) at one stamp.
    struct Entry: Codable, Equatable {
        let stamp: FileStamp
        var checksums: [Checksum]
    }

    private let url: URL
    /// A re-run for an in-memory object may hash from another task.
    private let state: Mutex<State>
    private struct State {
        /// By absolute path.
        var entries: [String: Entry]
        var changed = false
    }

    /// Loads the memo at `url`; a missing or unreadable memo starts empty (it is only a shortcut).
    init(url: URL) {
        self.url = url
        let entries = (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode([String: Entry].self, from: $0) } ?? [:]
        state = Mutex(State(entries: entries))
    }

    /// The file's checksum by `algorithm` now, nil if there is no such file. Hashes only when its
    /// size or modification time differs from what the memo holds, or it holds no such checksum.
    func checksum(of file: URL, _ algorithm: Checksum.Algorithm) throws -> Checksum? {
        guard let stamp = FileStamp(file) else { return nil }
        let known = state.locked { $0.entries[file.standardizedFileURL.path] }.flatMap { $0.stamp == stamp ? $0 : nil }
        if let checksum = known?.checksums.first(where: { $0.algorithm == algorithm }) { return checksum }
        let checksum = try Checksum(of: file, algorithm)
        store(checksum, stamp: stamp, for: file)
        return checksum
    }

    /// Remembers a checksum a stage just computed, if the file still has the recorded size.
    func remember(_ record: FileRecord, at file: URL) {
        guard let stamp = FileStamp(file), stamp.size == record.size else { return }
        store(record.checksum, stamp: stamp, for: file)
    }

    /// Writes the memo if it changed (atomically: a concurrent render reads the old or new one).
    func save() throws(ReportError) {
        let snapshot: [String: Entry]? = state.locked { $0.changed ? $0.entries : nil }
        guard let snapshot else { return }
        let data: Data
        do { data = try JSONEncoder.forCache.encode(snapshot) } catch {
            throw .unwritable(path: url.path, message: String(describing: error))
        }
        try AtomicFile.writeReportFile(data, to: url)
    }

    /// Adds `checksum` to the file's entry, which starts anew when the stamp differs.
    private func store(_ checksum: Checksum, stamp: FileStamp, for file: URL) {
        let path = file.standardizedFileURL.path
        state.locked { state in
            var entry = state.entries[path].flatMap { $0.stamp == stamp ? $0 : nil } ?? Entry(stamp: stamp, checksums: [])
            guard !entry.checksums.contains(checksum) else { return }
            entry.checksums.removeAll { $0.algorithm == checksum.algorithm }
            entry.checksums.append(checksum)
            state.entries[path] = entry
            state.changed = true
        }
    }
}
