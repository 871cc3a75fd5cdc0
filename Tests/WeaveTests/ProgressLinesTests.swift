import Foundation
import Testing
@testable import Weave

@Suite("Progress lines")
struct ProgressLinesTests {
    /// Text written by a `ProgressLines`, collected across tasks.
    final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [String] = []
        var text: String { lock.withLock { parts.joined() } }
        func append(_ s: String) { lock.withLock { parts.append(s) } }
    }

    private static let report = "```{chatty}\n```\n\n```{fail}\n```\n\n```{echo}\ntext: x\n```\n"

    private func run(enabled: Bool, live: Bool) async throws -> String {
        let sink = Sink()
        let progress = ProgressLines(enabled: enabled, live: live) { sink.append($0) }
        _ = try await ReportFixture(Self.report).render(events: progress.handle)
        return sink.text
    }

    @Test("plain: one line per stage when it ends, stage messages indented and throttled")
    func plain() async throws {
        let text = try await run(enabled: true, live: false)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "      step 1")
        #expect(lines[1].hasPrefix("[1/3] chatty … ran ") && lines[1].hasSuffix(" s (not in the cache)"))
        #expect(lines[2].hasPrefix("[2/3] fail … failed after "))
        #expect(lines[3] == "[3/3] echo … skipped")
        #expect(!text.contains("\u{1B}"))
    }

    @Test("live: the running stage's line is rewritten in place with its messages")
    func live() async throws {
        let text = try await run(enabled: true, live: true)
        #expect(text.hasPrefix("\r\u{1B}[2K[1/3] chatty …\r\u{1B}[2K[1/3] chatty … step 1\r\u{1B}[2K[1/3] chatty … step 2\r\u{1B}[2K[1/3] chatty … "))
        #expect(text.hasSuffix("\r\u{1B}[2K[3/3] echo … skipped\n"))
    }

    @Test("a stage served from the stage cache is marked cached")
    func cached() async throws {
        let fixture = try ReportFixture("```{echo}\ntext: x\n```\n\n```{chatty}\n```\n")
        _ = try await fixture.render()
        try fixture.edit("```{echo}\ntext: x\n```\n\n```{chatty}\n```\n\nNew prose.\n")
        let sink = Sink()
        let progress = ProgressLines(enabled: true, live: false) { sink.append($0) }
        _ = try await fixture.render(events: progress.handle)
        #expect(sink.text == "[1/2] echo … cached\n[2/2] chatty … cached\n")
    }

    @Test("warnings are printed on a line of their own, never thinned out or rewritten")
    func warnings() {
        for live in [false, true] {
            let sink = Sink()
            let progress = ProgressLines(enabled: true, live: live) { sink.append($0) }
            progress.handle(.started(index: 0, count: 1, directive: "atlas", id: "atlas"))
            progress.handle(.progress("listing releases"))
            progress.handle(.progress("warning: release 20251031 is newer"))
            #expect(sink.text.contains("      warning: release 20251031 is newer\n"))
            if !live { #expect(sink.text == "      listing releases\n      warning: release 20251031 is newer\n") }
        }
    }

    @Test("quiet: nothing")
    func quiet() async throws {
        #expect(try await run(enabled: false, live: true).isEmpty)
    }
}
