import Foundation
import Locking
import Synchronization
import Testing
@testable import Weave
@testable import atlasweave

@Suite("Progress lines")
struct ProgressLinesTests {
    /// Text written by a `ProgressLines`, collected across tasks.
    final class Sink: Sendable {
        private let parts = Mutex<[String]>([])
        var text: String { parts.locked { $0.joined() } }
        func append(_ s: String) { parts.locked { $0.append(s) } }
    }

    private static func record(_ index: Int, _ directive: String, _ status: StageRecord.Status,
                               cached: Bool = false, reason: String? = nil) -> StageRecord {
        StageRecord(index: index, directive: directive, id: directive, line: 1, status: status, seconds: 0.5,
                    cached: cached ? .init(computed: Date(), seconds: 1) : nil, reason: reason)
    }

    /// The events of a three-stage render: a chatty stage that ran, one that failed, one skipped.
    private func run(enabled: Bool, live: Bool) -> String {
        let sink = Sink()
        let progress = ProgressLines(enabled: enabled, live: live) { sink.append($0) }
        progress.handle(.started(index: 0, count: 3, directive: "chatty", id: "chatty"))
        progress.handle(.progress("step 1"))
        progress.handle(.progress("step 2"))
        progress.handle(.finished(Self.record(0, "chatty", .ran, reason: "not in the cache"), count: 3))
        progress.handle(.started(index: 1, count: 3, directive: "fail", id: "fail"))
        progress.handle(.finished(Self.record(1, "fail", .failed("boom")), count: 3))
        progress.handle(.finished(Self.record(2, "echo", .skipped), count: 3))
        return sink.text
    }

    @Test("plain: one line per stage when it ends, stage messages indented and throttled")
    func plain() {
        let lines = run(enabled: true, live: false).split(separator: "\n").map(String.init)
        #expect(lines == ["      step 1", "[1/3] chatty … ran 0.5 s (not in the cache)",
                          "[2/3] fail … failed after 0.5 s", "[3/3] echo … skipped"])
    }

    @Test("live: the running stage's line is rewritten in place with its messages")
    func live() {
        let text = run(enabled: true, live: true)
        #expect(text.hasPrefix("\r\u{1B}[2K[1/3] chatty …\r\u{1B}[2K[1/3] chatty … step 1\r\u{1B}[2K[1/3] chatty … step 2\r\u{1B}[2K[1/3] chatty … "))
        #expect(text.hasSuffix("\r\u{1B}[2K[3/3] echo … skipped\n"))
    }

    @Test("a stage served from the stage cache is marked cached, and an id other than the name is shown")
    func cached() {
        let sink = Sink()
        let progress = ProgressLines(enabled: true, live: false) { sink.append($0) }
        progress.handle(.finished(Self.record(0, "echo", .ran, cached: true), count: 2))
        let named = StageRecord(index: 1, directive: "histogram", id: "sizes", line: 4, status: .ran, seconds: 0,
                                cached: .init(computed: Date(), seconds: 1))
        progress.handle(.finished(named, count: 2))
        #expect(sink.text == "[1/2] echo … cached\n[2/2] histogram (sizes) … cached\n")
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
    func quiet() {
        #expect(run(enabled: false, live: true).isEmpty)
    }
}
