import AtlasAccess
import Checksums
import Foundation
import Testing
import TestSupport

/// The abc_atlas_access cache layout: adoption of files put there by hand, local-only mode.
@Suite(.needsPython) struct CacheTests {
    static let metadata = "metadata/WMB-10X/20240101/cell_metadata.csv"

    @Test func fileCopiedInByHandIsAdoptedWithoutRequest() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root)
        let cache = try TestPaths.temporaryDirectory("cache")
        let local = cache.appendingPathComponent(Self.metadata)
        try FileManager.default.createDirectory(at: local.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bucket.data(Self.metadata).write(to: local)
        let project = AtlasProject(source: try AtlasSource(baseURL: server.baseURL), cache: AtlasCache(root: cache))
        let release = try await project.open(.pinned("20250101"))
        let events = EventLog()
        let fetched = try await release.fetch(try release.file(directory: "WMB-10X", name: "cell_metadata.csv"), progress: events.add)
        let expected = FileDigest.md5(of: try bucket.data(Self.metadata))
        #expect(fetched.origin == .adopted && fetched.md5 == expected)
        #expect(events.phases == [.adopted])
        #expect(try server.requests(for: Self.metadata).isEmpty)
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: cache.appendingPathComponent("_downloaded_data.json"))) as? [String]
        #expect(recorded == [local.resolvingSymlinksInPath().path])
    }

    /// Both ways with the Python package's bookkeeping: it looks a file up in _downloaded_data.json
    /// by `str(Path(path).resolve().absolute())` and writes the list with `json.dump`.
    @Test func downloadRecordsReadTheSameAsPython() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root)
        let real = try TestPaths.temporaryDirectory("cache")
        let link = real.deletingLastPathComponent().appendingPathComponent(real.lastPathComponent + "-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let project = AtlasProject(source: try AtlasSource(baseURL: server.baseURL), cache: AtlasCache(root: link))
        let release = try await project.open(.pinned("20250101"))
        let ours = try await release.fetch(try release.file(directory: "WMB-10X", name: "cell_metadata"))
        let pythonSees = try TestPython.run("""
            import json, sys, pathlib
            cache = pathlib.Path(sys.argv[1])
            downloaded = json.load(open(cache / "_downloaded_data.json"))
            print(str((cache / sys.argv[2]).resolve().absolute()) in downloaded)
            gene = cache / sys.argv[3]
            gene.parent.mkdir(parents=True, exist_ok=True)
            gene.write_bytes(open(sys.argv[4], "rb").read())
            downloaded.append(str(gene.resolve().absolute()))
            json.dump(downloaded, open(cache / "_downloaded_data.json", "w"))
            """, arguments: [link.path, ours.file.relativePath, "metadata/WMB-10X/20240101/gene.csv",
                              bucket.root.appendingPathComponent("metadata/WMB-10X/20240101/gene.csv").path])
        #expect(pythonSees.trimmingCharacters(in: .whitespacesAndNewlines) == "True")
        let gene = try await release.fetch(try release.file(directory: "WMB-10X", name: "gene"))
        #expect(gene.origin == .cached)
        #expect(try server.requests(for: gene.file.relativePath).isEmpty)
    }

    @Test func wrongFileInCacheIsReplaced() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root)
        let cache = try TestPaths.temporaryDirectory("cache")
        let local = cache.appendingPathComponent(Self.metadata)
        try FileManager.default.createDirectory(at: local.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("truncated".utf8).write(to: local)
        let project = AtlasProject(source: try AtlasSource(baseURL: server.baseURL), cache: AtlasCache(root: cache))
        let release = try await project.open(.pinned("20250101"))
        let fetched = try await release.fetch(try release.file(directory: "WMB-10X", name: "cell_metadata"))
        #expect(fetched.origin == .downloaded)
        #expect(try Data(contentsOf: local) == bucket.data(Self.metadata))
    }

    @Test func localOnlyNeverTouchesTheNetwork() async throws {
        let bucket = try TestBucket()
        let server = try BucketServer(root: bucket.root)
        let cache = try TestPaths.temporaryDirectory("cache")
        // Populate the cache with one release manifest and one file.
        let online = AtlasProject(source: try AtlasSource(baseURL: server.baseURL), cache: AtlasCache(root: cache))
        let release = try await online.open(.pinned("20240601"))
        _ = try await release.fetch(try release.file(directory: "WMB-10X", name: "gene"))
        let served = try server.requests().count

        let offline = AtlasProject(source: try AtlasSource(baseURL: server.baseURL), cache: AtlasCache(root: cache), localOnly: true)
        #expect(try await offline.releases() == ["20240601"])
        let cached = try await offline.open(.latest)
        #expect(cached.version == "20240601")
        #expect(try await cached.fetch(try cached.file(directory: "WMB-10X", name: "gene")).origin == .cached)
        let missing = try cached.file(directory: "WMB-10Xv3", name: "WMB-10Xv3-TH/log2")
        let error = await #expect(throws: AtlasAccessError.self) { try await cached.fetch(missing) }
        let text = try #require(error).description
        #expect(text.contains("WMB-10Xv3-TH/log2") && text.contains(cache.appendingPathComponent(missing.relativePath).path))
        await #expect(throws: AtlasAccessError.self) { try await offline.open(.pinned("20250101")) }
        #expect(try server.requests().count == served)
    }

    private func record(_ cache: URL) throws -> [String]? {
        try JSONSerialization.jsonObject(with: Data(contentsOf: cache.appendingPathComponent("_downloaded_data.json"))) as? [String]
    }

    @Test("a new cache gets _downloaded_data.json as [] when the release is opened, before any download")
    func newCacheHasAnEmptyRecord() async throws {
        let bucket = try TestBucket()
        let cache = try TestPaths.temporaryDirectory("cache").appendingPathComponent("new")
        defer { try? FileManager.default.removeItem(at: cache.deletingLastPathComponent()) }
        _ = try await AtlasProject(source: try AtlasSource(baseURL: bucket.root), cache: AtlasCache(root: cache)).open(.pinned("20250101"))
        #expect(try String(contentsOf: cache.appendingPathComponent("_downloaded_data.json"), encoding: .utf8) == "[]")
    }

    @Test("a stale .part is removed when the file beside it is reused or adopted")
    func stalePartsGo() async throws {
        let bucket = try TestBucket()
        let cache = try TestPaths.temporaryDirectory("cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let release = try await AtlasProject(source: try AtlasSource(baseURL: bucket.root), cache: AtlasCache(root: cache)).open(.pinned("20250101"))
        let file = try release.file(directory: "WMB-10X", name: "cell_metadata")
        let fetched = try await release.fetch(file)
        let part = URL(fileURLWithPath: fetched.path.path + ".part")
        try Data("stale".utf8).write(to: part)
        #expect(try await release.fetch(file).origin == .cached)
        #expect(!FileManager.default.fileExists(atPath: part.path))
        // Unrecorded (copied in by hand): adopted after its MD5, and the part goes too.
        try Data("[]".utf8).write(to: cache.appendingPathComponent("_downloaded_data.json"))
        try Data("stale".utf8).write(to: part)
        #expect(try await release.fetch(file).origin == .adopted)
        #expect(!FileManager.default.fileExists(atPath: part.path))
    }

    @Test("a corrupt _downloaded_data.json is reported and rebuilt from the files present whose MD5 matches")
    func corruptRecordIsRebuilt() async throws {
        let bucket = try TestBucket()
        let cache = try TestPaths.temporaryDirectory("cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let project = AtlasProject(source: try AtlasSource(baseURL: bucket.root), cache: AtlasCache(root: cache))
        let release = try await project.open(.pinned("20250101"))
        let good = try await release.fetch(try release.file(directory: "WMB-10X", name: "cell_metadata"))
        let wrong = try await release.fetch(try release.file(directory: "WMB-10X", name: "gene"))
        try Data(count: Int(wrong.file.size)).write(to: wrong.path)
        try Data("[\"/x\", ".utf8).write(to: cache.appendingPathComponent("_downloaded_data.json"))
        let reopened = try await project.open(.pinned("20250101"))
        let warning = try #require(reopened.warnings.first { $0.contains("_downloaded_data.json") })
        #expect(warning.contains("is not a JSON list of paths") && warning.contains("rebuilt it from the 1 files"), "\(warning)")
        #expect(try record(cache) == [AtlasCache.realPath(good.path)])
        // The wrong copy is not trusted: it is downloaded again.
        #expect(try await reopened.fetch(wrong.file).origin == .downloaded)
    }

    @Test("manifest versions outside abc_atlas_access's 20230101..<20300101 are refused; any releases/<name>/ is listed")
    func manifestCompatibility() async throws {
        let bucket = try TestBucket(releases: ["20221231", "20250101-rc1", "20300101"])
        let cache = try TestPaths.temporaryDirectory("cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let project = AtlasProject(source: try AtlasSource(baseURL: bucket.root), cache: AtlasCache(root: cache))
        #expect(try await project.releases() == ["20221231", "20250101-rc1", "20300101"])
        for old in ["20221231", "20300101"] {
            let error = await #expect(throws: AtlasAccessError.self) { try await project.open(.pinned(old)) }
            #expect(error?.description.contains("manifest_version \(old) is outside") == true, "\(String(describing: error))")
        }
        #expect(try await project.open(.pinned("20250101-rc1")).version == "20250101-rc1")
    }
}
