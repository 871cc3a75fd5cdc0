import Foundation
import Testing
import TestSupport

/// `render`'s cache flags and `watch`, run through the built binary.
@Suite("atlasweave render --refresh / --no-cache, watch")
struct CacheCommandTests {
    private static let report = """
        ---
        params:
          file: cells.csv
        ---

        # Cells

        Prose.

        ```{file-summary}
        id: cells
        files: "{{ params.file }}"
        ```
        """

    private func folder() throws -> URL {
        let folder = try TestPaths.temporaryDirectory("cli-cache")
        try Data(Self.report.utf8).write(to: folder.appendingPathComponent("report.md"))
        try Data("cell,cluster\nc1,a\n".utf8).write(to: folder.appendingPathComponent("cells.csv"))
        return folder
    }

    private func render(_ arguments: [String], in folder: URL) throws -> String {
        let result = try BuiltBinary.run(["render", "report.md"] + arguments, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stderr
    }

    @Test("a second render is served from the cache; an edited input runs again")
    func cachedThenInputChanged() throws {
        let folder = try folder()
        #expect(try render([], in: folder).contains("[1/1] file-summary (cells) … ran "))
        #expect(try render([], in: folder).contains("[1/1] file-summary (cells) … cached\n"))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("1 of these stages came from the stage cache"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".atlasweave/stages/report.md/cells.json").path))
        try Data("cell,cluster\nc1,b\nc2,b\n".utf8).write(to: folder.appendingPathComponent("cells.csv"))
        let rerun = try render([], in: folder)
        #expect(rerun.contains("[1/1] file-summary (cells) … ran ") && rerun.contains(" s (input cells.csv changed)"), "\(rerun)")
    }

    @Test("--refresh alone (before or after the report), --refresh ID, --refresh=ID, --no-cache")
    func refreshFlags() throws {
        let folder = try folder()
        _ = try render([], in: folder)
        let before = try BuiltBinary.run(["render", "--refresh", "report.md"], in: folder)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stderr.contains("(--refresh)\n"))
        #expect(try render(["--refresh"], in: folder).contains("(--refresh)\n"))
        #expect(try render(["--refresh", "cells"], in: folder).contains("(--refresh cells)\n"))
        #expect(try render(["--refresh=cells", "--quiet"], in: folder).isEmpty)
        #expect(try render(["--no-cache"], in: folder).contains("(--no-cache)\n"))
        #expect(try render([], in: folder).contains("cached\n"))
    }

    @Test("--refresh with an unknown id and --no-cache with --refresh are usage errors (exit 2)")
    func refreshErrors() throws {
        let folder = try folder()
        let unknown = try BuiltBinary.run(["render", "report.md", "--refresh", "cell"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--refresh cell: the report has no stage with this id (did you mean 'cells'?); stage ids: cells"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
        let both = try BuiltBinary.run(["render", "report.md", "--no-cache", "--refresh"], in: folder)
        #expect(both.status == 2)
        #expect(both.stderr.contains("--no-cache already runs every stage"))
    }

    @Test("watch re-renders on every save of the report and of its --params file, says what re-ran, exits 0 on Ctrl-C")
    func watch() async throws {
        let folder = try folder()
        let params = folder.appendingPathComponent("p.yml")
        try Data("file: cells.csv\n".utf8).write(to: params)
        try Data("a\n1\n".utf8).write(to: folder.appendingPathComponent("other.csv"))
        let watcher = try RunningProcess(["watch", "report.md", "--params", "p.yml"], in: folder)
        #expect(try await watcher.waitFor("watching report.md, p.yml for changes (Ctrl-C to stop)"), "\(watcher.stderr)")
        #expect(watcher.stderr.contains("re-ran 1: cells (not in the cache); 0 cached"))

        try Data(Self.report.replacingOccurrences(of: "Prose.", with: "Edited prose.").utf8)
            .write(to: folder.appendingPathComponent("report.md"))
        #expect(try await watcher.waitFor("re-ran nothing (1 cached)"), "\(watcher.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Edited prose."))

        try Data("file: other.csv\n".utf8).write(to: params)
        #expect(try await watcher.waitFor("re-ran 1: cells (options changed); 0 cached"), "\(watcher.stderr)")

        // A document error is reported and watching goes on.
        try Data(Self.report.replacingOccurrences(of: "{file-summary}", with: "{file-sumary}").utf8)
            .write(to: folder.appendingPathComponent("report.md"))
        #expect(try await watcher.waitFor("report.md:10: error: unknown directive '{file-sumary}'"), "\(watcher.stderr)")
        #expect(try await watcher.waitFor("for changes (Ctrl-C to stop)", times: 4), "\(watcher.stderr)")

        #expect(try await watcher.interrupt() == 0)
        #expect(watcher.stderr.hasSuffix("stopped watching\n"))
    }
}
