import Foundation
import Testing
@testable import Weave

@Suite("Parsing: directives, code blocks, front matter, params")
struct ParsingTests {
    @Test("a {name} fence is a directive; other fences stay code, untouched")
    func directiveDetection() async throws {
        let fixture = try ReportFixture("""
            # Title

            ```{echo}
            text: from the directive
            ```

            ```{echo}   
            id: second
            text: trailing spaces after the name
            ```

            ```python
            x = "{{ params.n }}" < 3
            ```

            ```{echo} extra
            text: not a directive
            ```

            ~~~
            plain {{ params.n }}
            ~~~
            """)
        let document = try fixture.load()
        #expect(document.stages.map(\.line) == [3, 7])
        #expect(document.stages.map(\.id) == ["echo", "second"])
        let main = ReportFixture.main(of: try await fixture.render().html)
        #expect(main.contains("<p class=\"echo\">from the directive</p>"))
        #expect(main.contains("<p class=\"echo\">trailing spaces after the name</p>"))
        #expect(main.contains("<pre><code class=\"language-python\">x = &quot;{{ params.n }}&quot; &lt; 3\n</code></pre>"))
        #expect(main.contains("text: not a directive"))
        #expect(main.contains("<pre><code>plain {{ params.n }}\n</code></pre>"))
    }

    @Test("GFM extensions render: table, strikethrough, autolink, task list")
    func extensions() async throws {
        let fixture = try ReportFixture("""
            | a | b |
            |---|---|
            | 1 | ~~2~~ |

            See https://example.org now.

            - [x] done
            """)
        let main = ReportFixture.main(of: try await fixture.render().html)
        #expect(main.contains("<table>"))
        #expect(main.contains("<del>2</del>"))
        #expect(main.contains("<a href=\"https://example.org\">https://example.org</a>"))
        #expect(main.contains("type=\"checkbox\""))
    }

    @Test("the author's raw HTML is omitted, as cmark's safe mode does")
    func rawHTMLOmitted() async throws {
        let fixture = try ReportFixture("""
            <script>alert(1)</script>

            Text with <b>inline</b> html.
            """)
        let main = ReportFixture.main(of: try await fixture.render().html)
        #expect(!main.contains("<script>"))
        #expect(!main.contains("<b>"))
        #expect(main.contains("raw HTML omitted"))
    }

    @Test("front matter gives the title and params; lines after it keep their numbers")
    func frontMatter() throws {
        let fixture = try ReportFixture("""
            ---
            title: Downsampling
            params:
              target: 200000
              label: cells
            ---

            ```{echo}
            text: hi
            ```
            """)
        let document = try fixture.load()
        #expect(document.title == "Downsampling")
        #expect(document.params.all.map(\.name) == ["target", "label"])
        #expect(document.params.values["target"] == .int(200000))
        #expect(document.params.all.allSatisfy { $0.source == .defaultValue })
        #expect(document.stages.first?.line == 8)
    }

    @Test("front matter after a byte-order mark and with CRLF line ends")
    func bomAndCRLF() throws {
        let fixture = try ReportFixture("\u{FEFF}---\r\ntitle: Windows\r\n---\r\n\r\nText\r\n")
        #expect(try fixture.load().title == "Windows")
        let bad = try ReportFixture("---\r\ntitle: w\r\n---\r\n\r\nText\r\n\r\n```{ecko}\r\ntext: x\r\n```\r\n")
        #expect(bad.loadError()?.location?.line == 7)
    }

    @Test("without a title the report is named after its file")
    func defaultTitle() throws {
        let fixture = try ReportFixture("Just text.\n", name: "wmb-downsample")
        #expect(try fixture.load().title == "wmb-downsample")
    }

    @Test("-P overrides --params, which overrides the default; kinds follow the default")
    func paramOverrides() throws {
        let fixture = try ReportFixture("""
            ---
            params:
              target: 200000
              seed: 42
              manifest: latest
              ratio: 0.5
              answer: "no"
              label: x
            ---
            """)
        let file = try fixture.write("target: 1000\nseed: 7\nlabel: yes\n", to: "params.yml")
        let document = try fixture.load(paramsFile: file, commandLine: [("target", "5000"), ("manifest", "20251031"), ("ratio", "2"),
                                                                        ("answer", "yes")])
        let params = Dictionary(uniqueKeysWithValues: document.params.all.map { ($0.name, $0) })
        #expect(params["target"]?.value == .int(5000))
        #expect(params["target"]?.source == .commandLine)
        #expect(params["seed"]?.value == .int(7))
        #expect(params["seed"]?.source == .paramsFile)
        #expect(params["manifest"]?.value == .string("20251031"))
        #expect(params["ratio"]?.value == .double(2))
        #expect(params["answer"]?.value == .string("yes"))
        #expect(params["label"]?.value == .string("yes"))
    }
}
