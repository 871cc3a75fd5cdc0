import Foundation
import Testing
import TestSupport

/// A ranged `expression` run killed with SIGKILL, then run again: the second run completes and
/// asks only for bytes the range cache did not hold when the first died.
@Suite("ranges: kill -9 and resume")
struct RangeResumeTests {
    private func report(source: String, fetch: String, output: String, connections: Int) -> String {
        """
        ```{atlas}
        source: "\(source)"
        cache: abc_data
        manifest: "20251031"
        ```

        ```{expression}
        cells: cells.csv
        output: \(output)
        fetch: \(fetch)
        connections: \(connections)
        ```
        """
    }

    private struct Extent: Decodable { let start: Int64; let end: Int64 }
    private struct Index: Decodable { let extents: [Extent] }

    @Test("kill -9 in the middle of a ranged run, then a re-run completes fetching only what was missing, equal to the whole path in anndata")
    func killAndResume() async throws {
        let atlas = try RangedAtlas()
        let folder = try TestPaths.temporaryDirectory("ranges-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: atlas.cells, to: folder.appendingPathComponent("cells.csv"))
        let server = try BucketServer(root: atlas.bucket, delay: 0.1)
        try Data(report(source: server.baseURL.absoluteString, fetch: "ranges", output: "ranges.h5ad", connections: 1).utf8).write(to: folder.appendingPathComponent("ranges.md"))
        try Data(report(source: atlas.bucket.absoluteString, fetch: "whole", output: "whole.h5ad", connections: 1).utf8).write(to: folder.appendingPathComponent("whole.md"))

        let key = RangedAtlas.matrixKey
        let process = Process()
        process.executableURL = try BuiltBinary.url
        process.arguments = ["render", "ranges.md", "--no-cache", "--quiet"]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(120)
        while try server.requests(for: key).filter({ $0.status == 206 }).count < 12, process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(process.isRunning, "the ranged run ended before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ranges.h5ad").path))

        let indexURL = folder.appendingPathComponent("abc_data/\(key).ranges.json")
        let kept = try JSONDecoder().decode(Index.self, from: Data(contentsOf: indexURL)).extents
        #expect(!kept.isEmpty, "the index lists what was fetched before the kill")
        let before = try server.requests().count
        let rerun = try BuiltBinary.run(["render", "ranges.md", "--no-cache", "--quiet"], in: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let asked = try server.requests().dropFirst(before).filter { $0.key == key }.compactMap { request -> Range<Int64>? in
            guard let text = request.range?.split(separator: "=").last else { return nil }
            let bounds = text.split(separator: "-").compactMap { Int64($0) }
            return bounds.count == 2 ? bounds[0]..<(bounds[1] + 1) : nil
        }
        #expect(!asked.isEmpty, "the kill left something to fetch")
        let refetched = asked.filter { range in kept.contains { $0.start < range.upperBound && range.lowerBound < $0.end } }
        #expect(refetched.isEmpty, "re-asked for bytes the cache held: \(refetched)")

        let whole = try BuiltBinary.run(["render", "whole.md", "--no-cache", "--quiet", "--allow-outside", atlas.bucket.path], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        let same = try TestPython.run(RangedAtlas.compareScript, arguments: [folder.appendingPathComponent("whole.h5ad").path,
                                                                           folder.appendingPathComponent("ranges.h5ad").path])
        #expect(same.trimmingCharacters(in: .whitespacesAndNewlines) == "same")
    }
}
