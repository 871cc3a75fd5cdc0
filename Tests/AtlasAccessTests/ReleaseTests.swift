import AtlasAccess
import Foundation
import Testing
import TestSupport

/// Release discovery over S3 ListObjectsV2 (paged) and file://, and the latest / pinned / last-used choice.
@Suite(.needsPython) struct ReleaseTests {
    static let releases = ["20240101", "20240601", "20250101"]

    func project(_ server: BucketServer, cache: URL) throws -> AtlasProject {
        AtlasProject(source: try AtlasSource(baseURL: server.baseURL), cache: AtlasCache(root: cache), retry: DownloadTests.fastRetry)
    }

    @Test func listsReleasesAcrossPages() async throws {
        let bucket = try TestBucket(releases: Self.releases)
        let server = try BucketServer(root: bucket.root, pageSize: 2)
        #expect(try await project(server, cache: try TestPaths.temporaryDirectory("cache")).releases() == Self.releases)
        let listings = try server.requests(for: "?list")
        #expect(listings.count == 2)
        #expect(listings.last?.path.contains("continuation-token=") == true)
    }

    @Test func latestPinnedAndLastUsed() async throws {
        let bucket = try TestBucket(releases: Self.releases)
        let server = try BucketServer(root: bucket.root, pageSize: 1)
        let cache = try TestPaths.temporaryDirectory("cache")
        let project = try project(server, cache: cache)

        // No last-used record: the newest.
        let first = try await project.open(.lastUsed)
        #expect(first.version == "20250101" && first.warnings.isEmpty)

        let pinned = try await project.open(.pinned("20240601"))
        #expect(pinned.version == "20240601" && pinned.manifest.version == "20240601")
        #expect(pinned.manifestPath == cache.appendingPathComponent("releases/20240601/manifest.json"))
        #expect(try String(contentsOf: cache.appendingPathComponent("_manifest_last_used.txt"), encoding: .utf8) == "releases/20240601/manifest.json")

        // The recorded release wins over the newest, with a warning naming both.
        let last = try await project.open(.lastUsed)
        #expect(last.version == "20240601")
        #expect(last.warnings.count == 1 && last.warnings[0].contains("20240601") && last.warnings[0].contains("20250101"))

        let latest = try await project.open(.latest)
        #expect(latest.version == "20250101")
    }

    @Test func pinnedReleaseMissingListsAvailable() async throws {
        let bucket = try TestBucket(releases: Self.releases)
        let server = try BucketServer(root: bucket.root)
        let error = await #expect(throws: AtlasAccessError.self) {
            try await project(server, cache: try TestPaths.temporaryDirectory("cache")).open(.pinned("20991231"))
        }
        let text = try #require(error).description
        #expect(text.contains("20991231") && text.contains("20240101, 20240601, 20250101"))
    }

    @Test func choiceParsing() throws {
        #expect(try ReleaseChoice(nil) == .lastUsed)
        #expect(try ReleaseChoice("") == .lastUsed)
        #expect(try ReleaseChoice("latest") == .latest)
        #expect(try ReleaseChoice("20251031") == .pinned("20251031"))
        // Any releases/<name>/manifest.json, as the Python package globs them; never a path.
        #expect(try ReleaseChoice("2025-10-31") == .pinned("2025-10-31"))
        #expect(try ReleaseChoice("v2_beta.1") == .pinned("v2_beta.1"))
        for bad in ["../x", "a/b", ".hidden", "..", "x y"] {
            #expect(throws: AtlasAccessError.self) { try ReleaseChoice(bad) }
        }
    }

    @Test func fileSourceListsFolderAndFetches() async throws {
        let bucket = try TestBucket(releases: Self.releases)
        let cache = try TestPaths.temporaryDirectory("cache")
        let project = AtlasProject(source: try AtlasSource.resolve(bucket.root.absoluteString), cache: AtlasCache(root: cache))
        #expect(try await project.releases() == Self.releases)
        let release = try await project.open(.latest)
        let fetched = try await release.fetch(try release.file(directory: "WMB-10X", name: "cell_metadata"))
        #expect(fetched.origin == .downloaded)
        #expect(try Data(contentsOf: fetched.path) == bucket.data("metadata/WMB-10X/20240101/cell_metadata.csv"))
    }
}
