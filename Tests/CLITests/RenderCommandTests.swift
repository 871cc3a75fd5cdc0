import Foundation
import Testing
import TestSupport

/// End-to-end runs of the built binary on small reports in a temporary folder.
@Suite("atlasweave render / directives / --version", .needsPython)
struct RenderCommandTests {
    private static let report = """
        ---
        title: CLI check
        params:
          file: cells.csv
        ---

        # Files

        The input is {{ params.file }}.

        ```{file-summary}
        files: "{{ params.file }}"
        ```

        ## More

        | a | b |
        |---|---|
        | 1 | <b>2</b> |

        - [x] done

        ```sh
        echo "{{ params.file }}"
        ```
        """

    private func folder(report: String = RenderCommandTests.report) throws -> URL {
        let folder = try TestPaths.temporaryDirectory("cli")
        try Data(report.utf8).write(to: folder.appendingPathComponent("report.md"))
        try Data("cell,cluster\nc1,<script>x</script>\n".utf8).write(to: folder.appendingPathComponent("cells.csv"))
        return folder
    }

    @Test("success: exit 0, progress lines on stderr, the report beside the .md")
    func success() throws {
        let folder = try folder()
        let result = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("[1/1] file-summary … "))
        #expect(!result.stderr.contains("\u{1B}"), "plain lines when stderr is not a terminal")
        #expect(result.stderr.contains("report: \(folder.appendingPathComponent("report.html").path)"))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("The input is cells.csv."))
        #expect(html.contains("<h1 id=\"files\">"))
        #expect(html.contains("<code class=\"language-sh\">echo &quot;{{ params.file }}&quot;"))
        #expect(html.contains("<dd>cells.csv</dd>"), "the file card names the file from the report's folder")
        #expect(!html.contains("http://") && !html.contains("https://"), "no external requests")
    }

    @Test("the report is well-formed HTML with no external resources (checked by Python's html.parser)")
    func wellFormed() throws {
        let folder = try folder()
        let result = try BuiltBinary.run(["render", "report.md", "-P", "file=missing.csv"], in: folder)
        #expect(result.status == 1)
        let check = """
            import sys
            from html.parser import HTMLParser
            VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source"}
            class Check(HTMLParser):
                def __init__(self):
                    super().__init__(); self.stack = []; self.problems = []; self.ids = set()
                def handle_starttag(self, tag, attrs):
                    attrs = dict(attrs)
                    if tag in ("link", "iframe", "img"): self.problems.append("external-capable tag " + tag)
                    if tag == "script" and "src" in attrs: self.problems.append("external script")
                    if "id" in attrs:
                        if attrs["id"] in self.ids: self.problems.append("duplicate id " + attrs["id"])
                        self.ids.add(attrs["id"])
                    for k, v in attrs.items():
                        # In-page anchors and the tables' embedded CSV downloads only.
                        if k in ("src", "href") and v and not (v.startswith("#") or v.startswith("data:text/csv;")): self.problems.append(k + "=" + v)
                    if tag not in VOID: self.stack.append((tag, self.getpos()))
                def handle_endtag(self, tag):
                    if tag in VOID: return
                    if not self.stack or self.stack[-1][0] != tag:
                        self.problems.append("unexpected </%s> at %s, open: %s" % (tag, self.getpos(), self.stack[-1:]))
                    else: self.stack.pop()
            c = Check(); c.feed(open(sys.argv[1], encoding="utf-8").read()); c.close()
            if "url(" in open(sys.argv[1]).read() or "@import" in open(sys.argv[1]).read(): c.problems.append("css url")
            if c.stack: c.problems.append("unclosed " + str(c.stack))
            print("\\n".join(c.problems)); sys.exit(1 if c.problems else 0)
            """
        try TestPython.run(check, arguments: [folder.appendingPathComponent("report.html").path])
    }

    @Test("--quiet prints nothing; a relative path from another working directory works")
    func quietFromAnotherFolder() throws {
        let folder = try folder()
        let result = try BuiltBinary.run(["render", "\(folder.lastPathComponent)/report.md", "--quiet"],
                                         in: folder.deletingLastPathComponent())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
    }

    @Test("on a terminal the stage line is rewritten in place (run under script(1) for a pty)")
    func liveProgress() throws {
        let folder = try folder()
        let command = "'\(try BuiltBinary.url.path)' render report.md"
        let result = try Command.run(URL(fileURLWithPath: "/usr/bin/script"), arguments: ["-qec", command, "/dev/null"],
                                     currentDirectory: folder)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("\r\u{1B}[2K[1/1] file-summary …\r\u{1B}[2K[1/1] file-summary … "))
    }

    @Test("a document error exits 2 with file:line and writes nothing")
    func documentError() throws {
        let folder = try folder(report: "# T\n\n```{file-sumary}\nfiles: x\n```\n")
        let result = try BuiltBinary.run(["render", "report.md"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("report.md:3: error: unknown directive '{file-sumary}' (did you mean 'file-summary'?)"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
    }

    @Test("a stage failing at run time exits 1 and still writes the report with a callout")
    func runtimeFailure() throws {
        let folder = try folder()
        let result = try BuiltBinary.run(["render", "report.md", "-P", "file=missing.csv"], in: folder)
        #expect(result.status == 1)
        // The line of the option the directive rejected, not the fence's.
        #expect(result.stderr.contains("report.md:12: error: stage 'file-summary' ({file-summary}) failed"))
        #expect(result.stderr.contains("missing.csv"))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("callout-error"))
        #expect(html.contains("<td>-P</td>"))
    }

    @Test("usage errors and undeclared params exit 2")
    func usageErrors() throws {
        let folder = try folder()
        let malformed = try BuiltBinary.run(["render", "report.md", "-P", "file"], in: folder)
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("-P expects name=value"))
        let undeclared = try BuiltBinary.run(["render", "report.md", "-P", "fille=x.csv"], in: folder)
        #expect(undeclared.status == 2)
        #expect(undeclared.stderr.contains("report.md:3: error: -P fille=x.csv sets param 'fille'"))
        #expect(undeclared.stderr.contains("did you mean 'file'?"))
        let unknownFlag = try BuiltBinary.run(["render", "report.md", "--frobnicate"], in: folder)
        #expect(unknownFlag.status == 2)
        let missing = try BuiltBinary.run(["render", "nothere.md"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nothere.md"))
    }

    @Test("--params overrides from a YAML file, and its errors name that file")
    func paramsFile() throws {
        let folder = try folder()
        try Data("file: other.csv\n".utf8).write(to: folder.appendingPathComponent("p.yml"))
        try Data("a\n1\n".utf8).write(to: folder.appendingPathComponent("other.csv"))
        let result = try BuiltBinary.run(["render", "report.md", "--params", "p.yml"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("The input is other.csv."))
        #expect(html.contains("<td>--params</td>"))
        try Data("\nnope: 1\n".utf8).write(to: folder.appendingPathComponent("bad.yml"))
        let bad = try BuiltBinary.run(["render", "report.md", "--params", "bad.yml"], in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.yml:2: error:"))
    }

    @Test("directives lists every directive with its options; --version and --help work")
    func reference() throws {
        let folder = try TestPaths.temporaryDirectory("cli")
        let directives = try BuiltBinary.run(["directives"], in: folder)
        #expect(directives.status == 0)
        #expect(directives.stdout.contains("{file-summary}"))
        #expect(directives.stdout.contains("files (list of strings, required)"))
        let version = try BuiltBinary.run(["--version"], in: folder)
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
        let help = try BuiltBinary.run(["--help"], in: folder)
        #expect(help.status == 0)
        #expect(help.stdout.contains("render") && help.stdout.contains("directives"))
    }
}
