import AtlasAccess
import Foundation
import Testing
import TestSupport
import Weave
@testable import Directives

/// `expression` with `fetch: ranges` against the bucket server on 127.0.0.1, compared with the
/// whole-file path in the real anndata.
@Suite("{expression} fetch: ranges", .serialized)
struct ExpressionRangesTests {
    static let quick = RetryPolicy(attempts: 6, initialDelay: 0.05, maxDelay: 0.2, connectTimeout: 5, stallTimeout: 10)

    private func release(_ source: URL, cache: URL) async throws -> AtlasRelease {
        let project = AtlasProject(source: try AtlasSource(baseURL: source), cache: AtlasCache(root: cache), retry: Self.quick)
        return try await project.open(.pinned(RangedAtlas.release))
    }

    private func expression(_ atlas: RangedAtlas, _ release: AtlasRelease, fetch: String, output: String,
                            in fixture: DirectiveFixture) async throws -> StageResult {
        try FileManager.default.copyItem(at: atlas.cells, to: fixture.folder.appendingPathComponent("cells-\(fetch)-\(output.count).csv"))
        let context = StageContext(document: fixture.document, params: [:], id: "matrix", line: 1,
                                   earlier: [("atlas", "atlas", StageResult(fields: [:], html: "", object: release))])
        return try await run(Expression.self, ["cells": .string("cells-\(fetch)-\(output.count).csv"), "output": .string(output),
                                               "fetch": .string(fetch), "connections": .int(4)], in: context)
    }

    private func ranged(_ server: BucketServer, _ key: String) throws -> [BucketServer.Request] {
        try server.requests(for: key).filter { $0.range != nil }
    }

    @Test("ranges equal whole in anndata, through a dropped connection and a burst of 503s; fewer bytes, kept-alive connections, If-Match; a second run fetches nothing")
    func rangesEqualWhole() async throws {
        let atlas = try RangedAtlas()
        let fixture = try DirectiveFixture()
        let key = RangedAtlas.matrixKey
        let faults: [BucketServer.Fault] = [.none, .none, .none, .drop(after: 3_000), .status(503), .status(503), .status(503)]
        let server = try BucketServer(root: atlas.bucket, faults: [key: faults])
        let whole = try await expression(atlas, try await release(atlas.bucket, cache: fixture.folder.appendingPathComponent("whole")),
                                         fetch: "whole", output: "whole.h5ad", in: fixture)
        let remote = try await release(server.baseURL, cache: fixture.folder.appendingPathComponent("abc_data"))
        let ranges = try await expression(atlas, remote, fetch: "ranges", output: "ranges.h5ad", in: fixture)
        #expect(ranges.fields["cells"] == whole.fields["cells"])
        let same = try TestPython.run(RangedAtlas.compareScript, arguments: [fixture.folder.appendingPathComponent("whole.h5ad").path,
                                                                           fixture.folder.appendingPathComponent("ranges.h5ad").path])
        #expect(same.trimmingCharacters(in: .whitespacesAndNewlines) == "same")

        let requests = try ranged(server, key)
        let size = try FileManager.default.attributesOfItem(atPath: atlas.bucket.appendingPathComponent(key).path)[.size] as! Int
        let fetched = requests.filter { $0.status == 206 }.reduce(0) { $0 + $1.bytes }
        #expect(fetched < size * 6 / 10, "fetched \(fetched) of \(size) bytes")
        #expect(requests.contains { $0.status == 503 } && requests.contains { $0.status == 206 && $0.bytes == 3_000 })
        #expect(requests.dropFirst().allSatisfy { $0.ifMatch != nil }, "every request after the first carries If-Match")
        #expect(Set(requests.map(\.peer)).count < requests.count / 2, "connections are reused")
        let uns = try TestPython.run("""
            import sys, anndata
            m = anndata.read_h5ad(sys.argv[1]).uns["atlasweave"]["matrices"]["WMB-10Xv3-MB"]
            print(m["fetch"], m["etag"], int(m["bytes_fetched"]), int(m["requests"]))
            """, arguments: [fixture.folder.appendingPathComponent("ranges.h5ad").path]).split(separator: " ")
        #expect(uns.first == "ranges" && uns.count == 4 && uns[1].hasPrefix("\"") && Int(uns[2].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0)

        // The same selection again: every byte is in the range cache.
        let before = try server.requests().count
        _ = try await expression(atlas, remote, fetch: "ranges", output: "again.h5ad", in: fixture)
        let again = try server.requests().dropFirst(before).filter { $0.key.hasPrefix("expression_matrices/") }
        #expect(again.isEmpty, "the second run made \(again.count) matrix requests")
    }

    @Test("an object whose ETag changes between requests fails the stage naming the file, and its fetched ranges are discarded")
    func changedObject() async throws {
        let atlas = try RangedAtlas()
        let fixture = try DirectiveFixture()
        let key = RangedAtlas.matrixKey
        let server = try BucketServer(root: atlas.bucket, faults: [key: [.none, .none, .change]])
        let remote = try await release(server.baseURL, cache: fixture.folder.appendingPathComponent("abc_data"))
        let message = await errorMessage { _ = try await self.expression(atlas, remote, fetch: "ranges", output: "out.h5ad", in: fixture) }
        #expect(message?.contains(key) == true && message?.contains("changed on the server") == true, "\(message ?? "no error")")
        #expect(try server.requests(for: key).contains { $0.status == 412 })
        let index = fixture.folder.appendingPathComponent("abc_data/\(key).ranges.json")
        #expect(!FileManager.default.fileExists(atPath: index.path))
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("out.h5ad").path))
    }

    @Test("fetch and connections are checked when read")
    func badOptions() async {
        let expected = [
            ("fetch", Value.string("some"), "option 'fetch' of {expression} expects one of auto, whole, ranges, got 'some'"),
            ("connections", .int(0), "option 'connections' of {expression} expects 1 or more, got 0"),
        ]
        for (name, value, message) in expected {
            var values: [String: Value] = ["cells": .string("cells.csv"), "output": .string("out.h5ad")]
            values[name] = value
            let error = await errorMessage { _ = try Expression.bound(values) }
            #expect(error?.hasSuffix(message) == true, "\(error ?? "no error")")
        }
    }
}
