import Foundation
import Testing
import TestSupport

/// The example report `reports/wmb-taxonomy.md` rendered by the built binary on the demo atlas,
/// then opened in a real headless Chromium.
@Suite("the taxonomy report in Chromium")
struct TaxonomyReportTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test func umapsAndBarsAppearInTheTaxonomyColours() throws {
        guard let chromium = Self.chromium else {
            print("skipped: no chromium at /usr/bin/chromium (Debian package chromium)")
            return
        }
        let folder = try TestPaths.temporaryDirectory("taxonomy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("wmb-taxonomy.md")
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("reports/wmb-taxonomy.md"), to: report)
        let render = try BuiltBinary.run(["render", report.path, "--quiet"], in: folder)
        #expect(render.status == 0, "\(render.stderr)")
        let html = folder.appendingPathComponent("wmb-taxonomy.html")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.components(separatedBy: "data:image/png;base64,").count - 1 == 7)  // 4 UMAPs + 3 facets
        // Captioned charts are numbered in document order, and prose @ID links to them.
        #expect(page.contains("<a href=\"#stage-umap_roi\">Figure 1</a> by region of interest, <a href=\"#stage-umap_class\">Figure 2</a> by class."))
        #expect(page.contains("<figure class=\"stage\" id=\"stage-umap_class\">"))
        #expect(page.contains("<figcaption><span class=\"caption-label\">Figure 2.</span> The cells of every class in UMAP space.</figcaption>"))
        // The sunburst: one arc per term of each ring, as many as its caption counts.
        #expect(page.contains("<a href=\"#stage-taxonomy_rings\">Figure 3</a>"))
        let ringCaption = try #require(page.range(of: "[0-9,]+ class terms, [0-9,]+ subclass terms, [0-9,]+ supertype terms", options: .regularExpression))
        let terms = page[ringCaption].split(separator: " ").compactMap { Int($0.replacingOccurrences(of: ",", with: "")) }
        #expect(terms.count == 3 && page.components(separatedBy: "<path class=\"arc\"").count - 1 == terms.reduce(0, +), "\(terms)")
        let shot = folder.appendingPathComponent("shot.png")
        let browser = try Command.run(URL(fileURLWithPath: chromium), arguments: [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,10000",
            "--screenshot=\(shot.path)", html.absoluteString,
        ], currentDirectory: folder)
        #expect(browser.status == 0, "\(browser.stderr)")
        // The first class's colour (the class legend's first entry) must be on screen in many
        // pixels: the browser decoded the rasters and drew the bars.
        let classColor = try #require(page.range(of: "<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"11.0\" height=\"11.0\" fill=\"(#[0-9a-f]{6})\"/><text [^>]*>01 IT-ET Glut<", options: .regularExpression))
        let hex = String(page[classColor].split(separator: "\"")[9])
        let count = try TestPython.run("""
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]).convert("RGB")
            target = tuple(int(sys.argv[2][i:i + 2], 16) for i in (1, 3, 5))
            print(sum(1 for p in im.getdata() if p == target))
            """, arguments: [shot.path, hex])
        #expect((Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 500, "\(hex): \(count)")
    }
}
