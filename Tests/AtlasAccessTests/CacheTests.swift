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
}
