import Foundation
import Testing
import TestSupport
import Weave
@testable import Directives

@Suite("{file-summary}")
struct FileSummaryTests {
    private func context(in folder: URL) -> StageContext {
        StageContext(document: folder.appendingPathComponent("report.md"), params: [:], id: "file-summary", line: 1, earlier: [])
    }

    @Test("records each file as an input with its size and MD5, and shows it escaped")
    func summarises() async throws {
        let folder = try TestPaths.temporaryDirectory("file-summary")
        let name = "a<b>.csv"
        let url = folder.appendingPathComponent(name)
        try Data("x,y\n1,2\n".utf8).write(to: url)
        let directive = try FileSummary(options: DirectiveOptions(values: ["files": .list([.string(name)])]))
        let result = try await directive.run(in: context(in: folder))
        let md5sum = try Command.run(URL(fileURLWithPath: "/usr/bin/md5sum"), arguments: [url.path]).stdout.prefix(32)
        #expect(result.files == [FileRecord(path: url.path, role: .input, size: 8, md5: String(md5sum))])
        #expect(result.html.contains("a&lt;b&gt;.csv"))
        #expect(!result.html.contains("a<b>"))
        #expect(result.html.contains("<dd>8 bytes</dd>"))
    }

    @Test("a missing file is a run-time error naming it")
    func missingFile() async throws {
        let folder = try TestPaths.temporaryDirectory("file-summary")
        let directive = try FileSummary(options: DirectiveOptions(values: ["files": .list([.string("gone.csv")])]))
        await #expect(throws: DirectiveError.self) { try await directive.run(in: context(in: folder)) }
    }

    @Test("an empty list is rejected when the options are read")
    func emptyList() {
        #expect(throws: DirectiveError.self) { try FileSummary(options: DirectiveOptions(values: ["files": .list([])])) }
    }
}
