import Foundation
import Testing
import TestSupport

/// The main report, rendered by the built binary on the demo atlas with its default params,
/// selects the cells the seed's R code selects from the demo metadata, in the same order.
@Suite("reports/wmb-downsample.md against the seed's R code", .enabled(if: TestR.isAvailable, Comment(rawValue: TestR.skipReason)))
struct MainReportRTests {
    static let report = TestPaths.packageRoot.appendingPathComponent("reports/wmb-downsample.md")
    static let metadata = TestPaths.packageRoot.appendingPathComponent("reports/demo-atlas/metadata/WMB-10X/20250531/cell_metadata.csv")

    /// A default param of the report's front matter (`  name: 123`).
    static func param(_ name: String, in text: String) -> Int? {
        text.split(separator: "\n").lazy.compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 && parts[0] == name && line.hasPrefix("  ") ? Int(parts[1]) : nil
        }.first
    }

    @Test("data/downsampled_cells.csv lists R's downsampled_cells, labels and order; the report and its provenance name the generator")
    func sameCellsAsR() throws {
        let text = try String(contentsOf: Self.report, encoding: .utf8)
        let target = try #require(Self.param("target", in: text))
        let keepBelow = try #require(Self.param("keep_below", in: text))
        let seed = try #require(Self.param("seed", in: text))
        let folder = try TestPaths.temporaryDirectory("cli-main-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(text.utf8).write(to: folder.appendingPathComponent("wmb-downsample.md"))
        let result = try BuiltBinary.run(["render", "wmb-downsample.md"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")

        let written = try String(contentsOf: folder.appendingPathComponent("data/downsampled_cells.csv"), encoding: .utf8)
        let lines = written.split(separator: "\n")
        #expect(lines.first?.hasPrefix("cell_label,") == true)
        let ours = lines.dropFirst().map { String($0.prefix { $0 != "," }) }
        let r = try TestR.seedDownsample(Self.metadata, target: target, keepBelow: keepBelow, seed: seed)
        #expect(ours.count == target)
        #expect(ours == r)

        let html = try String(contentsOf: folder.appendingPathComponent("data/wmb-downsample.html"), encoding: .utf8)
        #expect(html.contains("Generator: r, R&#39;s Mersenne-Twister with rejection sampling"))
        #expect(html.contains("<tr><td><code>rng</code></td><td>r</td><td>default</td></tr>"))
    }
}
