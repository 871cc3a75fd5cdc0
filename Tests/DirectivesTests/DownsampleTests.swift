import TestSupport
import Checksums
import Foundation
import Tables
import Testing
import Weave
@testable import Directives

@Suite struct DownsampleTests {
    func options(seed: Int = 42, output: String = "down.csv", target: Int = 400) -> [String: Value] {
        ["table": .string("cells.csv"), "target": .int(target), "keep-below": .int(20), "seed": .int(seed), "output": .string(output)]
    }

    @Test func writesKeptThenSampledCellsWithFieldsAndReport() async throws {
        let fixture = try DirectiveFixture()
        try writeCells(fixture)
        let result = try await run(Downsample.self, options(), in: fixture.context(id: "ds"))
        let input = try CSVReader.read(fixture.folder.appendingPathComponent("cells.csv"))
        let written = try CSVReader.read(fixture.folder.appendingPathComponent("down.csv"))
        #expect(written.columnNames == input.columnNames)
        #expect(written.rowCount == 400)
        let labels = (0..<written.rowCount).map { written.columns[0].text(at: $0) }
        #expect(Set(labels).count == 400)
        // Clusters 1…9 (2 … 18 cells) are small: 90 cells, all present, first, in input order.
        let clusterOf = { (label: String) in Int(label.dropFirst().split(separator: "_")[0])! }
        let small = (0..<input.rowCount).map { input.columns[0].text(at: $0) }.filter { clusterOf($0) < 10 }
        #expect(Array(labels.prefix(90)) == small)
        #expect(labels.dropFirst(90).allSatisfy { clusterOf($0) >= 10 })
        #expect(result.fields["selected"] == .int(400))
        #expect(result.fields["kept_cells"] == .int(90))
        #expect(result.fields["small_clusters"] == .int(9))
        #expect(result.fields["sampled_cells"] == .int(310))
        #expect(result.fields["clusters"] == .int(30))
        #expect(result.fields["path"] == .string("down.csv"))
        let output = try #require(result.files.first { $0.role == .output })
        #expect(output.checksum == Checksum(.sha256, hex: try SystemChecksum.sha256(fixture.folder.appendingPathComponent("down.csv"))))
        #expect(output.size == Int64(try fixture.read("down.csv").count))
        #expect((result.object as? Table)?.rowCount == 400)
        #expect(result.html.contains("all 90 cells of the 9 clusters with fewer than 20 cells were kept"))
        #expect(result.html.rendered.components(separatedBy: "<svg").count == 3)
        #expect(!result.html.contains("<th scope=\"col\">class</th>"))
    }

    @Test func sameSeedSameBytesOtherSeedOtherCells() async throws {
        let fixture = try DirectiveFixture()
        try writeCells(fixture)
        _ = try await run(Downsample.self, options(output: "a.csv"), in: fixture.context(id: "a"))
        _ = try await run(Downsample.self, options(output: "b.csv"), in: fixture.context(id: "b"))
        _ = try await run(Downsample.self, options(seed: 7, output: "c.csv"), in: fixture.context(id: "c"))
        #expect(try fixture.read("a.csv") == fixture.read("b.csv"))
        #expect(try fixture.read("a.csv") != fixture.read("c.csv"))
    }

    @Test("rng: r (the default) draws as R and says so; rng: splitmix64 writes the sample in input order")
    func generators() async throws {
        let fixture = try DirectiveFixture()
        try writeCells(fixture)
        let input = try CSVReader.read(fixture.folder.appendingPathComponent("cells.csv"))
        let r = try await run(Downsample.self, options(output: "r.csv"), in: fixture.context(id: "r"))
        var opts = options(output: "s.csv")
        opts["rng"] = .string("splitmix64")
        let s = try await run(Downsample.self, opts, in: fixture.context(id: "s"))
        #expect(r.fields["rng"] == .string("r") && s.fields["rng"] == .string("splitmix64"))
        #expect(r.fields["seed"] == .int(42))
        #expect(r.html.contains("Generator: r, R&#39;s Mersenne-Twister with rejection sampling, as set.seed and slice_sample (set.seed(42); slice_sample(n = 310))"))
        #expect(s.html.contains("Generator: splitmix64, SplitMix64 with a partial Fisher–Yates shuffle (seed 42)"))
        let row = Dictionary(uniqueKeysWithValues: (0..<input.rowCount).map { (input.columns[0].text(at: $0), $0) })
        func sampledRows(_ name: String) throws -> [Int] {
            let written = try CSVReader.read(fixture.folder.appendingPathComponent(name))
            return (90..<written.rowCount).map { row[written.columns[0].text(at: $0)]! }
        }
        let plan = try Downsampler.plan(input, cluster: "cluster_alias", target: 400, keepBelow: 20, seed: 42, generator: .r)
        #expect(try sampledRows("r.csv") == plan.sampledRows)
        #expect(try sampledRows("r.csv") != sampledRows("r.csv").sorted())
        #expect(try sampledRows("s.csv") == sampledRows("s.csv").sorted())
    }

    @Test func perClassTableWhenTaxonomyIsJoined() async throws {
        let fixture = try DirectiveFixture()
        try writeCells(fixture)
        let joined = try await run(Join.self, ["table": .string("cells.csv"), "with": .string("taxonomy.csv"), "on": .string("cluster_alias")],
                                   in: fixture.context(id: "cells"))
        var opts = options()
        opts["table"] = .string("cells")
        let result = try await run(Downsample.self, opts, in: fixture.context(id: "ds", earlier: [("cells", "join", joined)]))
        #expect(result.html.contains("<th scope=\"col\">class</th>"))
        // Glut = even clusters 2…28: 14 clusters, 2·(2+4+…+28) = 420 cells before.
        #expect(result.html.contains("<tr><td>Glut</td><td class=\"num\">14</td><td class=\"num\">14</td><td class=\"num\">420</td>"))
        #expect(result.html.contains("<td>(none)</td><td class=\"num\">2</td>"))
        let header = try String(decoding: fixture.read("down.csv"), as: UTF8.self).split(separator: "\n")[0]
        #expect(header == "cell_label,cluster_alias,library_label,class")
    }

    @Test func errorsNameTheProblem() async throws {
        let fixture = try DirectiveFixture()
        try writeCells(fixture)
        var missing = options()
        missing["cluster"] = .string("cluster_id")
        let cells = fixture.folder.appendingPathComponent("cells.csv").path
        #expect(await errorMessage { _ = try await run(Downsample.self, missing, in: fixture.context(id: "d")) }
            == "\(cells) has no column 'cluster_id'; columns: cell_label, cluster_alias, library_label")
        #expect(await errorMessage { _ = try await run(Downsample.self, options(target: 50), in: fixture.context(id: "d")) }
            == "target 50 is below the 90 cells kept whole from the 9 clusters with fewer than 20 cells")
        #expect(await errorMessage { _ = try await run(Downsample.self, options(target: 5000), in: fixture.context(id: "d")) }
            == "target 5000 is above the number of cells, 930, in \(cells)")
        #expect(await errorMessage { _ = try await run(Downsample.self, options(target: 0), in: fixture.context(id: "d")) }
            == "options:5: error: option 'target' of {downsample} expects 1 or more, got 0")
        var keep = options()
        keep["keep-below"] = .int(-5)
        #expect(await errorMessage { _ = try await run(Downsample.self, keep, in: fixture.context(id: "d")) }
            == "options:1: error: option 'keep-below' of {downsample} expects 1 or more, got -5")
        var rng = options()
        rng["rng"] = .string("mt")
        #expect(await errorMessage { _ = try await run(Downsample.self, rng, in: fixture.context(id: "d")) }
            == "options:3: error: option 'rng' of {downsample} expects one of r, splitmix64, got 'mt' (did you mean 'r'?)")
        #expect(await errorMessage { _ = try await run(Downsample.self, options(seed: 1 << 31), in: fixture.context(id: "d")) }
            == "option 'seed': expected at most 2147483647 with rng r (R's set.seed takes a 32-bit integer), not 2147483648")
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("down.csv").path))
    }
}
