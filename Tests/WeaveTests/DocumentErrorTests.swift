import Foundation
import Testing
@testable import Weave

/// Each document error names the line of the offending text and what was expected.
@Suite("Document errors with file:line")
struct DocumentErrorTests {
    /// The error loading `markdown` raises; fails the test when there is none.
    private func error(_ markdown: String, paramsFile: String? = nil,
                       commandLine: [(name: String, value: String)] = []) throws -> ReportError {
        let fixture = try ReportFixture(markdown)
        let file = try paramsFile.map { try fixture.write($0, to: "params.yml") }
        let error = try #require(fixture.loadError(paramsFile: file, commandLine: commandLine))
        if let location = error.location, location.file.hasSuffix(".md") { #expect(location.file == fixture.report.path) }
        #expect(error.description.hasPrefix("\(error.location.map { "\($0): error: " } ?? "error: ")"))
        return error
    }

    @Test func unclosedFrontMatter() throws {
        let e = try error("---\ntitle: x\n\n# Body\n")
        guard case .unclosedFrontMatter = e else { Issue.record("got \(e)"); return }
        #expect(e.location?.line == 1)
    }

    @Test func badFrontMatterYAML() throws {
        let e = try error("---\ntitle: ok\nparams: [unclosed\n---\n")
        guard case .badYAML = e else { Issue.record("got \(e)"); return }
        #expect(e.location?.line == 3 || e.location?.line == 4)
    }

    @Test func unknownFrontMatterKey() throws {
        let e = try error("---\ntitle: ok\nparms:\n  n: 1\n---\n")
        #expect(e.location?.line == 3)
        #expect(e.message.contains("did you mean 'params'?"))
    }

    @Test func unknownDirective() throws {
        let e = try error("# Hi\n\n```{ecko}\ntext: x\n```\n")
        guard case .unknownDirective(_, let name, _) = e else { Issue.record("got \(e)"); return }
        #expect(name == "ecko")
        #expect(e.location?.line == 3)
        #expect(e.message.contains("did you mean 'echo'?"))
        #expect(e.message.contains("known directives: echo, fail, write, chatty"))
    }

    @Test func unknownOption() throws {
        let e = try error("\n```{echo}\ntext: x\ncuont: 3\n```\n")
        guard case .unknownOption(_, _, let option, _) = e else { Issue.record("got \(e)"); return }
        #expect(option == "cuont")
        #expect(e.location?.line == 4)
        #expect(e.message.contains("did you mean 'count'?"))
        #expect(e.message.contains("valid options: text, count, ratio, flag, cols, id"))
    }

    @Test func mistypedOption() throws {
        let e = try error("\n```{echo}\ntext: x\n\ncount: many\n```\n")
        guard case .mistypedOption(_, _, let option, let expected, let got) = e else { Issue.record("got \(e)"); return }
        #expect(option == "count")
        #expect(expected == .integer)
        #expect(got == "string 'many'")
        #expect(e.location?.line == 5)
        #expect(e.message == "option 'count' of {echo} expects an integer, got string 'many'")
    }

    @Test func mistypedBooleanAndList() throws {
        let flag = try error("\n```{echo}\ntext: x\nflag: 3\n```\n")
        #expect(flag.message.contains("expects a boolean, got integer 3"))
        let cols = try error("\n```{echo}\ntext: x\ncols:\n  a: 1\n```\n")
        #expect(cols.message.contains("expects a list of strings, got a mapping"))
        #expect(cols.location?.line == 4)
    }

    @Test func missingRequiredOption() throws {
        let e = try error("# A\n\n```{echo}\ncount: 2\n```\n")
        guard case .missingOption(_, _, let option) = e else { Issue.record("got \(e)"); return }
        #expect(option == "text")
        #expect(e.location?.line == 3)
    }

    @Test("a value of the right kind but wrong meaning is rejected before running")
    func invalidOptionMeaning() throws {
        let e = try error("\n```{echo}\ntext: x\ncount: -3\n```\n")
        guard case .invalidOption = e else { Issue.record("got \(e)"); return }
        #expect(e.location?.line == 4)
        #expect(e.message.contains("must be 0 or more"))
    }

    @Test("bad YAML in a body is reported at its line in the document")
    func badYAML() throws {
        let e = try error("# T\n\ntext\n\n```{echo}\ntext: x\ncols: [a, b\ncount: 2\n```\n")
        guard case .badYAML = e else { Issue.record("got \(e)"); return }
        #expect((7...8).contains(e.location?.line ?? 0))
    }

    @Test("a body that is not a mapping")
    func bodyNotMapping() throws {
        let e = try error("\n```{echo}\n- a\n- b\n```\n")
        #expect(e.location?.line == 3)
        #expect(e.message.contains("expected a YAML mapping"))
    }

    @Test func unknownValueInProse() throws {
        let e = try error("---\nparams:\n  target: 1\n---\n\nFirst line\nsecond {{ params.targte }} here\n")
        guard case .unknownValue(_, let name, let suggestion, let known) = e else { Issue.record("got \(e)"); return }
        #expect(name == "params.targte")
        #expect(suggestion == "params.target")
        #expect(known == ["params.target"])
        #expect(e.location?.line == 7)
    }

    @Test("a body may only use earlier stages, and only declared fields")
    func unknownValueInBody() throws {
        let later = try error("\n```{echo}\ntext: \"{{ b.text }}\"\n```\n\n```{echo}\nid: b\ntext: x\n```\n")
        guard case .unknownValue = later else { Issue.record("got \(later)"); return }
        #expect(later.location?.line == 3)
        let field = try error("\n```{echo}\nid: a\ntext: x\n```\n\n```{echo}\ntext: \"{{ a.txt }}\"\n```\n")
        #expect(field.location?.line == 8)
        #expect(field.message.contains("did you mean 'a.text'?"))
        #expect(field.message.contains("a.count"))
    }

    @Test func badValueSyntax() throws {
        let e = try error("Text\n\nSee {{ 1 + 2 }} here.\n")
        guard case .badValueSyntax = e else { Issue.record("got \(e)"); return }
        #expect(e.location?.line == 3)
    }

    @Test func duplicateId() throws {
        let e = try error("\n```{echo}\ntext: a\n```\n\n```{echo}\ntext: b\n```\n")
        guard case .duplicateId(_, let id, let first) = e else { Issue.record("got \(e)"); return }
        #expect(id == "echo")
        #expect(first == 2)
        #expect(e.location?.line == 6)
    }

    @Test("an id must be usable in {{ id.field }}; 'params' is reserved")
    func badIds() throws {
        let dotted = try error("\n```{echo}\ntext: x\nid: a.b\n```\n")
        #expect(dotted.location?.line == 4)
        #expect(dotted.message.contains("may only contain letters, digits"))
        let reserved = try error("\n```{echo}\ntext: x\nid: params\n```\n")
        guard case .reservedId = reserved else { Issue.record("got \(reserved)"); return }
    }

    @Test("-P and --params may only set declared params")
    func undeclaredParam() throws {
        let markdown = "---\ntitle: t\nparams:\n  target: 1\n---\n"
        let cli = try error(markdown, commandLine: [("targt", "5")])
        guard case .undeclaredParam = cli else { Issue.record("got \(cli)"); return }
        #expect(cli.location?.line == 3)
        #expect(cli.message.contains("-P targt=5"))
        #expect(cli.message.contains("did you mean 'target'?"))
        let file = try error(markdown, paramsFile: "target: 2\nother: 3\n")
        #expect(file.location?.file.hasSuffix("params.yml") == true)
        #expect(file.location?.line == 2)
    }

    @Test("an override of the wrong kind")
    func mistypedParam() throws {
        let e = try error("---\nparams:\n  target: 1\n---\n", commandLine: [("target", "lots")])
        guard case .badParam = e else { Issue.record("got \(e)"); return }
        #expect(e.message.contains("got string 'lots'"))
    }
}
