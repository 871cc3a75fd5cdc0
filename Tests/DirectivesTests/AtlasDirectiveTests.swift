import Checksums
import AtlasAccess
import Foundation
import Tables
import Testing
import TestSupport
import Weave
@testable import Directives

/// Progress lines a stage sent, collected from whichever thread sends them.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    func add(_ line: String) { lock.withLock { lines.append(line) } }
}

/// A report folder with a copy of the demo atlas's releases and metadata (no matrices) as a
/// file:// bucket, and helpers running `atlas` then `metadata` in it.
final class AtlasFixture {
    let fixture: DirectiveFixture
    let bucket: URL
    let log = ProgressLog()

    init() throws {
        fixture = try DirectiveFixture()
        bucket = fixture.folder.appendingPathComponent("bucket")
        let demo = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas")
        try FileManager.default.createDirectory(at: bucket, withIntermediateDirectories: true)
        for part in ["releases", "metadata"] {
            try FileManager.default.copyItem(at: demo.appendingPathComponent(part), to: bucket.appendingPathComponent(part))
        }
    }

    var cache: URL { fixture.folder.appendingPathComponent("abc_data") }

    func context(id: String, earlier: [(id: String, directive: String, result: StageResult)] = []) -> StageContext {
        let log = log
        return fixture.context(id: id, earlier: earlier, progress: { log.add($0) })
    }

    func atlas(_ options: [String: Value] = [:]) async throws -> StageResult {
        try await run(Atlas.self, ["source": .string(bucket.absoluteString)].merging(options) { $1 }, in: context(id: "atlas"))
    }

    func metadata(_ directory: String, _ file: String, atlas: StageResult) async throws -> StageResult {
        try await run(Metadata.self, ["directory": .string(directory), "file": .string(file)],
                      in: context(id: "cells", earlier: [("atlas", "atlas", atlas)]))
    }

    /// The demo manifest's entry for a metadata file of a release.
    func manifestEntry(release: String, directory: String, file: String) async throws -> AtlasFile {
        let project = AtlasProject(source: try AtlasSource(baseURL: bucket), cache: AtlasCache(root: fixture.folder.appendingPathComponent("probe")))
        return try await project.open(.pinned(release)).file(directory: directory, name: file)
    }
}

@Suite("{atlas} and {metadata}")
struct AtlasDirectiveTests {
    @Test("metadata reads the release's cell table, records it with the manifest's MD5 and shows a file card")
    func readsMetadata() async throws {
        let atlas = try AtlasFixture()
        let opened = try await atlas.atlas(["manifest": .string("latest")])
        #expect(opened.fields["release"] == .string("20251031"))
        guard case .list(let names)? = opened.fields["directories"] else { Issue.record("no directories field"); return }
        #expect(names.contains(.string("WMB-10X")) && names.contains(.string("WMB-taxonomy")))
        #expect(opened.object is AtlasRelease)
        #expect(opened.html.contains("WMB-10Xv3") && opened.html.contains("20251031"))

        let result = try await atlas.metadata("WMB-10X", "cell_metadata", atlas: opened)
        let entry = try await atlas.manifestEntry(release: "20251031", directory: "WMB-10X", file: "cell_metadata")
        let table = try #require(result.object as? Table)
        let expected = try CSVReader.read(atlas.bucket.appendingPathComponent(entry.relativePath))
        #expect(result.fields["rows"] == .int(expected.rowCount))
        #expect(result.fields["columns"] == .list(expected.columnNames.map { .string($0) }))
        #expect(table.columnNames.first == "cell_label")
        let clusters = Set((0..<expected.rowCount).map { try! expected.column("cluster_alias").text(at: $0) }).count
        #expect(result.fields["distinct"]?.lookup(["cluster_alias"]) == .int(clusters))
        #expect(result.fields["md5"] == .string(entry.md5))
        let path = "abc_data/\(entry.relativePath)"
        #expect(result.fields["path"] == .string(path))
        let context = atlas.context(id: "x")
        #expect(FileManager.default.fileExists(atPath: context.resolve(path).path))
        #expect(result.files == [FileRecord(path: context.resolve(path).path, role: .input, size: entry.size, checksum: Checksum(.md5, hex: entry.md5))])
        #expect(result.html.contains("downloaded now") && result.html.contains(entry.md5))
        #expect(result.html.contains("Showing the first 10 of"))
        #expect(atlas.log.all.contains { $0.contains("cell_metadata.csv") && $0.contains("MD5 verified") })
    }

    @Test("a second run reuses the cached file without writing it again; a file copied in by hand is adopted")
    func cacheReuse() async throws {
        let atlas = try AtlasFixture()
        let opened = try await atlas.atlas(["manifest": .string("20251031")])
        let first = try await atlas.metadata("WMB-10X", "gene", atlas: opened)
        guard case .string(let path)? = first.fields["path"] else { Issue.record("no path"); return }
        let local = atlas.fixture.folder.appendingPathComponent(path)
        let stamp = try FileManager.default.attributesOfItem(atPath: local.path)[.modificationDate] as? Date
        // Remove the source's copy: a request would now fail.
        let entry = try await atlas.manifestEntry(release: "20251031", directory: "WMB-10X", file: "gene")
        try FileManager.default.removeItem(at: atlas.bucket.appendingPathComponent(entry.relativePath))
        let second = try await atlas.metadata("WMB-10X", "gene", atlas: opened)
        #expect(second.html.contains("reused from the cache"))
        #expect(second.fields["md5"] == first.fields["md5"])
        #expect(try FileManager.default.attributesOfItem(atPath: local.path)[.modificationDate] as? Date == stamp)

        let cluster = try await atlas.manifestEntry(release: "20251031", directory: "WMB-taxonomy", file: "cluster")
        let target = atlas.cache.appendingPathComponent(cluster.relativePath)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: atlas.bucket.appendingPathComponent(cluster.relativePath), to: target)
        let adopted = try await atlas.metadata("WMB-taxonomy", "cluster", atlas: opened)
        #expect(adopted.html.contains("put there by another tool"))
    }

    @Test("a pinned release is used as is and cached; latest and last-used run every time and say when a newer release exists")
    func releases() async throws {
        let atlas = try AtlasFixture()
        let pinned = try await atlas.atlas(["manifest": .string("20250531")])
        #expect(pinned.fields["release"] == .string("20250531"))
        let old = try await atlas.metadata("WMB-taxonomy", "cluster", atlas: pinned)
        let latest = try await atlas.metadata("WMB-taxonomy", "cluster", atlas: try await atlas.atlas(["manifest": .string("latest")]))
        #expect(old.fields["path"] != latest.fields["path"])

        _ = try await atlas.atlas(["manifest": .string("20250531")])
        let lastUsed = try await atlas.atlas()
        #expect(lastUsed.fields["release"] == .string("20250531"))
        #expect(lastUsed.html.contains("callout-warning") && lastUsed.html.contains("20251031"))
        #expect(atlas.log.all.contains { $0.hasPrefix("warning:") && $0.contains("20251031") })

        #expect(try Atlas.bound(["manifest": .string("20250531")]).cacheable)
        #expect(try !Atlas.bound(["manifest": .string("latest")]).cacheable)
        #expect(try !Atlas.bound(["manifest": .string("")]).cacheable)
        #expect(throws: DirectiveError.self) { try Atlas.bound(["manifest": .string("../newest")]) }
    }

    @Test("unknown directory and file names fail with the valid names and a suggestion")
    func unknownNames() async throws {
        let atlas = try AtlasFixture()
        let opened = try await atlas.atlas(["manifest": .string("latest")])
        let directory = await errorMessage { _ = try await atlas.metadata("WMB-taxonomi", "cluster", atlas: opened) }
        #expect(directory?.contains("did you mean 'WMB-taxonomy'") == true)
        #expect(directory?.contains("WMB-10X") == true)
        let file = await errorMessage { _ = try await atlas.metadata("WMB-10X", "cell_metadta", atlas: opened) }
        #expect(file?.contains("did you mean 'cell_metadata'") == true)
        #expect(file?.contains("gene") == true)
        let noAtlas = await errorMessage {
            _ = try await run(Metadata.self, ["directory": .string("WMB-10X"), "file": .string("gene")], in: atlas.context(id: "cells"))
        }
        #expect(noAtlas?.contains("{atlas}") == true)
    }

    @Test("local-only names the missing file and never fetches it")
    func localOnly() async throws {
        let atlas = try AtlasFixture()
        _ = try await atlas.atlas(["manifest": .string("20251031")])
        let opened = try await atlas.atlas(["manifest": .string("20251031"), "local-only": .bool(true)])
        let message = await errorMessage { _ = try await atlas.metadata("WMB-10X", "gene", atlas: opened) }
        #expect(message?.contains("gene.csv") == true)
        #expect(!FileManager.default.fileExists(atPath: atlas.cache.appendingPathComponent("metadata/WMB-10X").path))
    }

    @Test("the path field is relative to the report's folder and resolves back to the file")
    func reportPath() {
        let context = DirectiveFixture.context(document: URL(fileURLWithPath: "/data/reports/r.md"), id: "m")
        for file in ["/data/reports/abc_data/m/c.csv", "/data/reports2/c.csv", "/cache/m/c.csv"] {
            let url = URL(fileURLWithPath: file)
            #expect(context.resolve(context.relativePath(url)) == url)
        }
        #expect(context.relativePath(URL(fileURLWithPath: "/data/reports/abc_data/m/c.csv")) == "abc_data/m/c.csv")
        #expect(context.relativePath(URL(fileURLWithPath: "/data/reports2/c.csv")) == "../reports2/c.csv")
    }
}
