import AtomicFiles
import Foundation

/// The stage cache of one report: `.atlasweave/` in the report's folder, holding one entry per
/// stage id (`stages/<report file>/<id>.json`) and the file-hash memo (`file-hashes.json`).
/// Entries are written atomically; one that cannot be decoded, has another format or does
/// not match the stage is never trusted: the stage runs and its entry is rewritten.
final class StageCache: Sendable {
    /// What the cache holds for a stage.
    enum Lookup {
        case none
        case unreadable(String)
        case entry(StageCacheEntry)

        /// An entry a render with more allowed folders wrote is not this render's to use: its
        /// stage runs again (and meets the path policy).
        func allowed(by policy: PathPolicy) -> Lookup {
            guard let outside = entry?.files.first(where: { !policy.allows($0.path) }) else { return self }
            return .unreadable("recorded file \(outside.path) is outside the allowed folders")
        }

        var entry: StageCacheEntry? {
            if case .entry(let entry) = self { return entry }
            return nil
        }
    }

    static let folderName = ".atlasweave"

    let report: URL
    let folder: URL
    private let entries: URL
    let memo: FileHashMemo

    init(report: URL) {
        self.report = report
        folder = report.deletingLastPathComponent().appendingPathComponent(Self.folderName)
        entries = folder.appendingPathComponent("stages").appendingPathComponent(report.lastPathComponent)
        memo = FileHashMemo(url: folder.appendingPathComponent("file-hashes.json"))
    }

    private func url(of id: String) -> URL { entries.appendingPathComponent("\(id).json") }

    func lookup(id: String, directive: String) -> Lookup {
        guard let data = try? Data(contentsOf: url(of: id)) else { return .none }
        let entry: StageCacheEntry
        do { entry = try JSONDecoder.forCache.decode(StageCacheEntry.self, from: data) } catch {
            return .unreadable("not a valid cache entry")
        }
        guard entry.format == StageCacheEntry.currentFormat else {
            return .unreadable("cache format \(entry.format), expected \(StageCacheEntry.currentFormat)")
        }
        guard entry.id == id, entry.directive == directive else {
            return .unreadable("the entry is for stage '\(entry.id)' ({\(entry.directive)})")
        }
        return .entry(entry)
    }

    /// Why `entry` cannot stand for the stage now, or nil when it can.
    /// - Parameter digests: digests of the earlier stages of this render, by id.
    func staleness(of entry: StageCacheEntry, key: String, invocation: StageInvocation,
                   digests: [String: String]) -> String? {
        if entry.version != WeaveVersion.current { return "atlasweave \(entry.version) computed it" }
        for use in entry.used where digests[use.id] != use.digest {
            return digests[use.id] == nil ? "earlier stage '\(use.id)' is gone" : "earlier stage '\(use.id)' changed"
        }
        if entry.key != key {
            return entry.options != invocation.canonicalOptions ? "options changed" : "cache key changed"
        }
        for file in entry.files {
            let url = ReportRenderer.resolve(file.path, against: report)
            let name = RelativePath.from(report.deletingLastPathComponent(), to: url)
            // An unreadable file counts as changed: the stage runs and reports the problem itself.
            guard let checksum = (try? memo.checksum(of: url, file.checksum.algorithm)) ?? nil else {
                return "\(file.role.rawValue) \(name) is missing or unreadable"
            }
            if checksum != file.checksum { return "\(file.role.rawValue) \(name) changed" }
        }
        return nil
    }

    /// Stores a stage's entry and remembers its files' checksums.
    func store(_ entry: StageCacheEntry) throws(ReportError) {
        let data: Data
        do { data = try JSONEncoder.forCache.encode(entry) } catch {
            throw .unwritable(path: url(of: entry.id).path, message: String(describing: error))
        }
        try AtomicFile.writeReportFile(data, to: url(of: entry.id))
        for file in entry.files { memo.remember(file, at: ReportRenderer.resolve(file.path, against: report)) }
    }

    /// Removes entries of stages the report no longer has, then saves the memo.
    func finish(keeping ids: Set<String>) throws(ReportError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: entries.path)) ?? []
        for name in names where name.hasSuffix(".json") && !ids.contains(String(name.dropLast(5))) {
            try? FileManager.default.removeItem(at: entries.appendingPathComponent(name))
        }
        try memo.save()
    }
}
