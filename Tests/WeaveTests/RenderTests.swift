import Foundation
import Testing
import TestSupport
@testable import Weave

@Suite("Rendering: stages, failures, TOC, provenance, output location")
struct RenderTests {
    @Test("a failing stage shows a callout; later stages are skipped; the report is written")
    func runtimeFailure() async throws {
        let fixture = try ReportFixture("""
            # Run

            ```{echo}
            text: before
            ```

            ```{fail}
            id: broken
            message: "disk <full>"
            ```

            ```{write}
            output: after.txt
            ```

            After: {{ write.path }}
            """)
        let (outcome, html) = try await fixture.render()
        #expect(outcome.stages.map(\.status) == [.ran, .failed("disk <full>"), .skipped])
        #expect(outcome.failure?.id == "broken")
        #expect(outcome.failure?.line == 7)
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("after.txt").path))
        #expect(outcome.output == fixture.folder.appendingPathComponent("report.html"))
        let main = ReportFixture.main(of: html)
        #expect(main.contains("<p class=\"echo\">before</p>"))
        #expect(main.contains("callout-error"))
        #expect(main.contains("Stage &#39;broken&#39; failed"))
        #expect(main.contains("<dd>disk &lt;full&gt;</dd><dt>directive</dt><dd>{fail}</dd><dt>id</dt><dd>broken</dd><dt>line</dt><dd>7</dd>"))
        #expect(main.contains("callout-skipped"))
        #expect(main.contains("⟨not computed: write.path⟩"))
        #expect(html.contains("<tr class=\"status-skipped\">"))
    }

    @Test("a failed stage's message names files from the report's folder, never absolutely")
    func failureNamesNoLocalFolder() async throws {
        let fixture = try ReportFixture("")
        let parent = fixture.folder.deletingLastPathComponent().path
        try Data("```{fail}\nmessage: \"\(parent)/data/cells.csv:3: expected 2 fields\"\n```\n".utf8).write(to: fixture.report)
        let (_, html) = try await fixture.render()
        #expect(!html.contains(parent))
        #expect(ReportFixture.main(of: html).contains("<dd>../data/cells.csv:3: expected 2 fields</dd>"))
    }

    @Test("headings get unique anchor ids and a table of contents")
    func tocAndAnchors() async throws {
        let fixture = try ReportFixture("""
            # Cells & clusters

            ## Results

            ### `code` heading

            ## Results
            """)
        let html = try await fixture.render().html
        #expect(html.contains("<h1 id=\"cells--clusters\">"))
        #expect(html.contains("<h2 id=\"results\">"))
        #expect(html.contains("<h2 id=\"results-1\">"))
        #expect(html.contains("<h3 id=\"code-heading\">"))
        #expect(html.contains("<li class=\"toc-depth-0\"><a href=\"#cells--clusters\">Cells &amp; clusters</a></li>"))
        #expect(html.contains("<li class=\"toc-depth-1\"><a href=\"#results-1\">Results</a></li>"))
        #expect(html.contains("<li class=\"toc-depth-2\"><a href=\"#code-heading\">code heading</a></li>"))
    }

    @Test("provenance lists version, params with source, stage times and files with checksums")
    func provenance() async throws {
        let fixture = try ReportFixture("""
            ---
            params:
              text: hello
              n: 2
            ---

            ```{echo}
            text: "{{ params.text }}"
            ```

            ```{write}
            id: out
            output: data/out.txt
            from: echo
            ```
            """)
        let (outcome, html) = try await fixture.render(commandLine: [("n", "3")])
        let written = fixture.folder.appendingPathComponent("data/out.txt")
        #expect(try String(contentsOf: written, encoding: .utf8) == "datahello")
        let footer = try #require(html.range(of: "<footer class=\"provenance\">"))
        let provenance = String(html[footer.lowerBound...])
        #expect(provenance.contains("<dd>\(WeaveVersion.current)</dd>"))
        #expect(provenance.contains("<tr><td><code>text</code></td><td>hello</td><td>default</td></tr>"))
        #expect(provenance.contains("<tr><td><code>n</code></td><td>3</td><td>-P</td></tr>"))
        #expect(provenance.contains("<td><code>write</code></td><td>out</td><td class=\"num\">11</td><td>ran</td>"))
        // The output's SHA-256, computed independently by sha256sum.
        let sha256 = try SystemChecksum.sha256(written)
        #expect(provenance.contains("<tr><td class=\"wrap\"><code>out.txt</code></td><td>output</td><td>out</td><td class=\"num\" title=\"9 bytes\">9 bytes</td><td class=\"wrap\"><code>sha256:\(sha256)</code></td></tr>"))
        #expect(outcome.stages.map(\.upstream) == [[], ["echo"]])
        // The report goes beside the first output when there is no h5ad.
        #expect(outcome.output == fixture.folder.appendingPathComponent("data/report.html"))
    }

    @Test("the report goes beside the h5ad the report produces")
    func outputBesideH5AD() async throws {
        let fixture = try ReportFixture("""
            ```{write}
            output: tables/cells.csv
            ```

            ```{write}
            id: matrix
            output: matrices/cells.h5ad
            ```
            """, name: "wmb-downsample")
        let (outcome, _) = try await fixture.render()
        #expect(outcome.output == fixture.folder.appendingPathComponent("matrices/wmb-downsample.html"))
        #expect(FileManager.default.fileExists(atPath: outcome.output.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.appendingPathComponent("matrices").path)
        #expect(leftovers.sorted() == ["cells.h5ad", "wmb-downsample.html"])
    }

    @Test("a stage reads an earlier result by id; context errors list the ids there are")
    func resultsFlowById() async throws {
        let fixture = try ReportFixture("""
            ```{echo}
            id: greeting
            text: hi
            ```

            ```{write}
            output: a.txt
            from: greetin
            ```
            """)
        let (outcome, _) = try await fixture.render()
        guard case .failed(let message) = outcome.stages.last?.status else { Issue.record("expected a failure"); return }
        #expect(message.contains("no earlier stage has id 'greetin' (did you mean 'greeting'?)"))
    }
}


@Suite("Callouts: GitHub alert blockquotes")
struct CalloutTests {
    @Test("each of the five markers becomes a styled box around its Markdown; other quotes stay quotes")
    func alerts() async throws {
        let fixture = try ReportFixture("""
            # Notes

            > [!NOTE]
            > Cells are **counted** <b>once</b>.

            > [!TIP]
            > One

            > [!IMPORTANT]
            > Two

            > [!WARNING]
            > Three

            > [!CAUTION]
            > Four

            > [!NOTE] not alone on its line

            > A plain quote.
            """)
        let main = ReportFixture.main(of: try await fixture.render().html)
        #expect(main.contains("<div class=\"callout callout-note\" role=\"note\"><div class=\"callout-title\">Note</div>\n<p>Cells are <strong>counted</strong> <!-- raw HTML omitted -->once<!-- raw HTML omitted -->.</p>\n</div>"))
        for (kind, title) in [("tip", "Tip"), ("important", "Important"), ("warning", "Warning"), ("caution", "Caution")] {
            #expect(main.contains("<div class=\"callout callout-\(kind)\" role=\"note\"><div class=\"callout-title\">\(title)</div>"))
        }
        #expect(!main.contains("[!TIP]"))
        #expect(main.contains("<blockquote>\n<p>[!NOTE] not alone on its line</p>\n</blockquote>"))
        #expect(main.contains("<blockquote>\n<p>A plain quote.</p>\n</blockquote>"))
    }
}

@Suite("Captions and cross-references")
struct CrossReferenceTests {
    @Test("captioned stages get a caption; @ID becomes a link; e-mail addresses and code are left alone")
    func captionsAndLinks() async throws {
        let fixture = try ReportFixture("""
            # Refs

            See @first and @second, mail me at a@first.org, not `@first`.

            ```{echo}
            id: first
            text: one
            caption: "The <first> one"
            ```

            ```{echo}
            id: second
            text: two
            caption: Second
            ```
            """)
        let main = ReportFixture.main(of: try await fixture.render().html)
        #expect(main.contains("See <a href=\"#stage-first\">The &lt;first&gt; one</a> and <a href=\"#stage-second\">Second</a>, mail me at"))
        #expect(main.contains("a@first.org"))
        #expect(main.contains("<code>@first</code>"))
        #expect(main.contains("<figure class=\"stage\" id=\"stage-first\">"))
        #expect(main.contains("<figcaption>The &lt;first&gt; one</figcaption>"))
    }

    @Test("charts and tables with a caption are numbered in document order")
    func numbering() {
        func record(_ id: String, _ html: HTMLText) -> StageRecord {
            StageRecord(index: 0, directive: "x", id: id, line: 1, status: .ran, seconds: 0, result: StageResult(fields: [:], html: html))
        }
        let records = [record("a", "<svg></svg>"), record("t", "<table></table>"), record("plain", "<svg></svg>"),
                       record("b", "<svg></svg>"), record("c", "<p>x</p>")]
        let labels = CrossReferences.labels(records, captions: ["a": "A", "t": "T", "b": "B", "c": "C"])
        #expect(labels == ["a": "Figure 1", "t": "Table 1", "b": "Figure 2", "c": "C"])
    }

    @Test("an @ID naming no captioned stage is an error at its line")
    func unknownReference() throws {
        let fixture = try ReportFixture("""
            # Refs

            Fine.
            Look at @echo here.

            ```{echo}
            text: one
            ```
            """)
        let error = fixture.loadError()
        #expect(error?.location?.line == 4)
        #expect(error?.message.contains("cross-reference @echo: stage 'echo' has no 'caption:'") == true)
    }

    @Test("mentions skip e-mail addresses and trailing dashes")
    func mentions() {
        #expect(CrossReferences.mentions(in: "see @fig-umap. or x@y.org, @t-").map(\.id) == ["fig-umap", "t"])
    }
}
