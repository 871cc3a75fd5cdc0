import Foundation
import Testing
import TestSupport
@testable import Weave

/// Documents a careless colleague or a hostile sender could produce (issue 17): each is refused
/// with its line, quickly, or handled without touching anything outside the report's folder.
@Suite("Hostile documents: alias bombs, NUL, bad UTF-8, images, paths, report location")
struct HostileDocumentTests {
    /// Nine levels of `&a [*b, *b, …]`: 9^9 (387 million) values once the aliases are followed.
    static let aliasBomb = """
        a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
        i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
        """

    private func loadError(_ bytes: [UInt8]) throws -> ReportError? {
        let fixture = try ReportFixture("")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        try Data(bytes).write(to: fixture.report)
        return fixture.loadError()
    }

    @Test("an alias bomb in the front matter is refused at once, like one in a directive body")
    func aliasBombInFrontMatter() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let params = Self.aliasBomb.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n")
        let front = try #require(try loadError(Array("---\ntitle: t\nparams:\n\(params)\n---\n\n# x\n".utf8)))
        guard case .badYAML = front else { Issue.record("got \(front)"); return }
        #expect(front.message.contains("aliases (*name) expand to more than 100000 values"))
        #expect((4...12).contains(front.location?.line ?? 0), "a line of the front matter: \(front)")

        let body = try #require(try loadError(Array("# x\n\n```{echo}\n\(Self.aliasBomb)\ntext: x\ncols: *i\n```\n".utf8)))
        #expect(body.message.contains("expand to more than"), "\(body)")
        #expect(clock.now - start < .seconds(5))
    }

    @Test("nesting thousands of levels deep is refused with its line instead of overflowing the stack")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let front = try #require(try loadError(Array("---\ntitle: t\nparams:\n  x: \(deep)\n---\n".utf8)))
        #expect(front.description.hasSuffix(":4: error: invalid YAML: values nested more than 200 levels deep"), "\(front)")
        let dashes = "  " + String(repeating: "- ", count: 50_000) + "x"
        let body = try #require(try loadError(Array("# x\n\n```{echo}\ntext: x\ncols:\n\(dashes)\n```\n".utf8)))
        #expect(body.description.hasSuffix(":6: error: invalid YAML: values nested more than 200 levels deep"), "\(body)")
        // Brackets in quotes and comments, and an apostrophe, are not nesting.
        let fixture = try ReportFixture("---\ntitle: Bob's \"\(deep)\"\nparams:\n  a: 1 # \(deep)\n---\n")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        #expect(try fixture.load().params.values["a"] == .int(1))
        let fixture2 = try ReportFixture("---\nparams:\n  x: [a]\n---\n")
        defer { try? FileManager.default.removeItem(at: fixture2.folder) }
        #expect(fixture2.loadError(commandLine: [("x", deep)])?.message == "param 'x': -P x: values nested more than 200 levels deep")
    }

    @Test("an alias bomb in -P is refused too")
    func aliasBombOnTheCommandLine() throws {
        let fixture = try ReportFixture("---\nparams:\n  cols: [a]\n---\n")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let flow = "[" + Self.aliasBomb.split(separator: "\n").map { String($0.split(separator: " ", maxSplits: 1)[1]) }.joined(separator: ", ") + "]"
        let error = try #require(fixture.loadError(commandLine: [("cols", flow)]))
        #expect(error.message.contains("expand to more than"), "\(error)")
    }

    @Test("a NUL byte fails the load at its line instead of dropping the rest of the document")
    func nulByte() throws {
        let error = try #require(try loadError(Array("# a\n\nline three\u{0}rest\n\n```{echo}\ntext: x\n```\n".utf8)))
        guard case .invalidText(let location, _) = error else { Issue.record("got \(error)"); return }
        #expect(location.line == 3)
        #expect(error.message == "a NUL byte (the document must be text) at byte offset 15 of the file (byte 11 of line 3)")
    }

    @Test("a document that is not UTF-8 names the line and byte offset")
    func notUTF8() throws {
        // "café" in Latin-1: 0xE9 followed by a newline is not UTF-8.
        let error = try #require(try loadError(Array("# Title\nok\ncaf".utf8) + [0xE9] + Array("\n".utf8)))
        guard case .invalidText(let location, _) = error else { Issue.record("got \(error)"); return }
        #expect(location.line == 3)
        #expect(error.description.hasSuffix(":3: error: not UTF-8: byte 0xE9 is not valid UTF-8 (save the file as UTF-8) at byte offset 14 of the file (byte 4 of line 3)"))
    }

    @Test("-P keeps the text of a string param even when YAML would read a mapping or a comment")
    func commandLineTextStaysText() throws {
        let fixture = try ReportFixture("---\nparams:\n  t: plain\n  n: 1\n---\n")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let document = try fixture.load(commandLine: [("t", "a: b # c")])
        #expect(document.params.values["t"] == .string("a: b # c"))
        // Non-string params still must match the default's kind.
        #expect(fixture.loadError(commandLine: [("n", "a: b")])?.message.contains("got a mapping") == true)
    }

    @Test("a remote image is a document error with its line; protocol-relative ones too")
    func remoteImage() throws {
        for url in ["https://example.com/t.png", "http://example.com/t.png", "//example.com/t.png", "HTTPS://x/y.png"] {
            let fixture = try ReportFixture("# x\n\ntext\n\n![chart](\(url))\n")
            defer { try? FileManager.default.removeItem(at: fixture.folder) }
            let error = try #require(fixture.loadError())
            guard case .badImage(let location, _) = error else { Issue.record("got \(error)"); continue }
            #expect(location.line == 5)
            #expect(error.message.contains("is remote") && error.message.contains("save the image beside the report"))
        }
    }

    @Test("a local image is embedded as a data URI; a missing or outside one is an error with its line")
    func localImages() async throws {
        let fixture = try ReportFixture("# x\n\n![dot](img/dot.png)\n\n![gone](img/none.png)\n\n![out](../outside.png)\n")
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        try FileManager.default.createDirectory(at: fixture.folder.appendingPathComponent("img"), withIntermediateDirectories: true)
        try Data(png).write(to: fixture.folder.appendingPathComponent("img/dot.png"))
        let (outcome, html) = try await fixture.render()
        #expect(html.contains("<img src=\"data:image/png;base64,\(Data(png).base64EncodedString())\" alt=\"dot\""))
        #expect(!html.contains("img/dot.png"))
        let messages = outcome.valueErrors.map(\.description)
        #expect(messages.count == 2)
        #expect(messages.first?.hasSuffix(":5: error: image 'img/none.png': no readable file at img/none.png (from the report's folder)") == true)
        #expect(messages.last?.contains(":7: error: image '../outside.png': option 'image' reads '../outside.png'") == true)
        #expect(messages.last?.contains("outside the report's folder") == true)
    }
}

@Suite("Path policy: a document alone reads and writes only in its folder")
struct PathPolicyTests {
    private static func render(_ markdown: String, allowOutside: [URL] = [], commandLine: [(name: String, value: String)] = [],
                               in fixture: ReportFixture) async throws -> RenderOutcome {
        try fixture.edit(markdown)
        let document = try fixture.load(commandLine: commandLine)
        let template = try ReportTemplate(directory: TestPaths.packageRoot.appendingPathComponent("templates"))
        return try await ReportRenderer(template: template, cache: .off, allowOutside: allowOutside).render(document)
    }

    @Test("writes and reads outside the folder fail as document errors; --allow-outside and -P allow them")
    func readsAndWrites() async throws {
        let fixture = try ReportFixture("")
        let outside = try TestPaths.temporaryDirectory("outside")
        defer {
            try? FileManager.default.removeItem(at: fixture.folder)
            try? FileManager.default.removeItem(at: outside)
        }
        let target = outside.appendingPathComponent("x.txt")
        let write = "```{write}\noutput: \(target.path)\n```\n"

        let refused = try await Self.render(write, in: fixture)
        let failure = try #require(refused.failure)
        #expect(failure.documentError && failure.failureLine == 2)
        guard case .failed(let message) = failure.status else { Issue.record("not failed"); return }
        #expect(message.hasPrefix("option 'output' writes '\(target.path)'"))
        #expect(message.contains("outside the report's folder") && message.contains("--allow-outside DIR"))
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(refused.output == fixture.folder.appendingPathComponent("report.html"), "the HTML stays in the report's folder")

        let relative = try await Self.render("```{write}\noutput: ../\(outside.lastPathComponent)/x.txt\n```\n", in: fixture)
        #expect(relative.failure?.documentError == true)

        let allowed = try await Self.render(write, allowOutside: [outside], in: fixture)
        #expect(allowed.failure == nil)
        #expect(try String(contentsOf: target, encoding: .utf8) == "data")

        let read = "```{load}\ninput: \(target.path)\n```\n"
        let readRefused = try await Self.render(read, in: fixture)
        guard case .failed(let readMessage)? = readRefused.failure?.status else { Issue.record("read not refused"); return }
        #expect(readMessage.hasPrefix("option 'input' reads '\(target.path)'"))
        #expect(try await Self.render(read, allowOutside: [outside], in: fixture).failure == nil)

        // A path given with -P counts as allowed (and what is under it).
        let viaParam = "---\nparams:\n  dir: here\n---\n\n```{load}\ninput: \"{{ params.dir }}/x.txt\"\n```\n"
        #expect(try await Self.render(viaParam, commandLine: [("dir", outside.path)], in: fixture).failure == nil)
        // The same path as the front matter's default is the document's own choice: refused.
        let asDefault = "---\nparams:\n  dir: \(outside.path)\n---\n\n```{load}\ninput: \"{{ params.dir }}/x.txt\"\n```\n"
        #expect(try await Self.render(asDefault, in: fixture).failure?.documentError == true)
    }

    @Test("the policy folds .. and keeps sibling folders with a shared prefix apart")
    func policyChecks() throws {
        let policy = PathPolicy(reportFolder: URL(fileURLWithPath: "/data/report"),
                                allowed: [(URL(fileURLWithPath: "/srv/shared"), "--allow-outside")])
        #expect(try policy.check("out/x.csv", option: "output", access: .write).path == "/data/report/out/x.csv")
        #expect(try policy.check("sub/../x.csv", option: "output", access: .write).path == "/data/report/x.csv")
        #expect(try policy.check("/srv/shared/a/b.csv", option: "table", access: .read).path == "/srv/shared/a/b.csv")
        for path in ["../x.csv", "/data/report2/x.csv", "/srv/sharedx/y.csv", "sub/../../x.csv", "/etc/passwd"] {
            #expect(throws: DirectiveError.self, "\(path)") { try policy.check(path, option: "output", access: .write) }
        }
    }
}

@Suite("The HTML report's location does not depend on the outcome")
struct ReportLocationTests {
    @Test("after a run-time failure the report replaces the one a successful run wrote")
    func failureWritesWhereSuccessDid() async throws {
        let success = """
            ```{write}
            id: matrix
            output: out/cells.h5ad
            ```
            """
        let fixture = try ReportFixture(success)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let first = try await fixture.render(cache: .off)
        #expect(first.outcome.output == fixture.folder.appendingPathComponent("out/report.html"))

        try fixture.edit("```{fail}\nmessage: broken\n```\n\n" + success)
        let (outcome, html) = try await fixture.render(cache: .off)
        #expect(outcome.failure?.id == "fail")
        #expect(outcome.output == first.outcome.output)
        #expect(html.contains("Stage &#39;fail&#39; failed"), "the stale successful report was replaced")
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("report.html").path))
    }
}
