import Foundation
import Locking
import Synchronization
import Testing
import TestSupport
@testable import Weave

@Suite("Stage cache: what re-runs after an edit")
struct CacheTests {
    /// `raw` reads data.txt and writes out/raw.txt; `greet` takes a param; `combined` uses
    /// `raw` through `{{ raw.text }}` and `greet` only through `context.result(of:)`
    /// (`from:`); `other` depends on nothing.
    static let pipeline = """
        ---
        params:
          greeting: hello
        ---
        # Pipeline

        Some prose.

        ```{copy}
        id: raw
        input: data.txt
        output: out/raw.txt
        suffix: "!"
        ```

        ```{echo}
        id: greet
        text: "{{ params.greeting }}"
        ```

        ```{write}
        id: combined
        output: out/combined.txt
        text: "{{ raw.text }}"
        from: greet
        ```

        ```{echo}
        id: other
        text: independent
        ```
        """

    /// The pipeline rendered once, with data.txt's modification time set to a whole second.
    private func rendered() async throws -> ReportFixture {
        let fixture = try ReportFixture(Self.pipeline)
        let data = try fixture.write("abcdef", to: "data.txt")
        try FileManager.default.setAttributes([.modificationDate: Self.dataTime], ofItemAtPath: data.path)
        let first = try await fixture.render().outcome
        #expect(first.computed.map(\.id) == ["raw", "greet", "combined", "other"])
        #expect(first.stages.allSatisfy { $0.reason == "not in the cache" })
        return fixture
    }

    private static let dataTime = Date(timeIntervalSince1970: 1_700_000_000)

    private func text(_ fixture: ReportFixture, _ path: String) throws -> String {
        try String(contentsOf: fixture.folder.appendingPathComponent(path), encoding: .utf8)
    }

    private func entry(_ fixture: ReportFixture, _ id: String) -> URL {
        fixture.folder.appendingPathComponent(".atlasweave/stages/report.md/\(id).json")
    }

    private func reasons(_ outcome: RenderOutcome) -> [String: String] {
        Dictionary(uniqueKeysWithValues: outcome.computed.map { ($0.id, $0.reason ?? "") })
    }

    @Test("a prose-only edit re-runs nothing; the report says which stages came from the cache and when")
    func proseEdit() async throws {
        let fixture = try await rendered()
        try fixture.edit(Self.pipeline.replacingOccurrences(of: "Some prose.", with: "Other prose,\n\nover two paragraphs."))
        let (outcome, html) = try await fixture.render()
        #expect(outcome.computed.isEmpty)
        #expect(outcome.cached.map(\.id) == ["raw", "greet", "combined", "other"])
        #expect(outcome.stages.allSatisfy { $0.cached != nil && $0.reason == nil })
        #expect(outcome.stages.map(\.upstream) == [[], [], ["raw", "greet"], []])
        let main = ReportFixture.main(of: html)
        #expect(main.contains("<p>over two paragraphs.</p>"))
        #expect(main.contains("<p class=\"copy\">abcdef!</p>"))
        #expect(main.contains("<p class=\"echo\">independent</p>"))
        #expect(html.contains("4 of these stages came from the stage cache"))
        let computed = try #require(outcome.stages.first?.cached?.computed)
        #expect(html.contains("<td>cached</td><td>\(computed.formatted(.iso8601))</td>"))
        #expect(!html.contains("<td>ran</td>"))
    }

    @Test("an option edit re-runs that stage and the stages that use it, nothing else")
    func optionEdit() async throws {
        let fixture = try await rendered()
        try fixture.edit(Self.pipeline.replacingOccurrences(of: "suffix: \"!\"", with: "suffix: \"?\""))
        let outcome = try await fixture.render().outcome
        #expect(reasons(outcome) == ["raw": "options changed", "combined": "earlier stage 'raw' changed"])
        #expect(try text(fixture, "out/combined.txt") == "abcdef?hello")
        #expect(try await fixture.render().outcome.computed.isEmpty)
    }

    @Test("a param change (-P) re-runs its stage and a stage that fetched it only through context.result(of:)")
    func paramAndRuntimeDependency() async throws {
        let fixture = try await rendered()
        let changed = try await fixture.render(commandLine: [("greeting", "hi")]).outcome
        #expect(reasons(changed) == ["greet": "options changed", "combined": "earlier stage 'greet' changed"])
        #expect(try text(fixture, "out/combined.txt") == "abcdef!hi")
        #expect(try await fixture.render(commandLine: [("greeting", "hi")]).outcome.computed.isEmpty)
        let back = try await fixture.render().outcome
        #expect(back.computed.map(\.id) == ["greet", "combined"])
        #expect(try text(fixture, "out/combined.txt") == "abcdef!hello")
    }

    @Test("an input changed with the same size: detected once its modification time differs; trusted while size and time are the same")
    func inputSameSize() async throws {
        let fixture = try await rendered()
        let data = try fixture.write("abcxyz", to: "data.txt")
        // Same size and modification time (to the nanosecond): trusted, not read again.
        try FileManager.default.setAttributes([.modificationDate: Self.dataTime], ofItemAtPath: data.path)
        #expect(try await fixture.render().outcome.computed.isEmpty)
        try FileManager.default.setAttributes([.modificationDate: Self.dataTime.addingTimeInterval(60)], ofItemAtPath: data.path)
        let outcome = try await fixture.render().outcome
        #expect(reasons(outcome) == ["raw": "input data.txt changed", "combined": "earlier stage 'raw' changed"])
        #expect(try text(fixture, "out/combined.txt") == "abcxyz!hello")
        // The new checksum is remembered: no re-hash, nothing runs.
        #expect(try await fixture.render().outcome.computed.isEmpty)
    }

    @Test("a deleted output re-runs its stage; a stage reading the same result again stays cached")
    func outputDeleted() async throws {
        let fixture = try await rendered()
        try FileManager.default.removeItem(at: fixture.folder.appendingPathComponent("out/raw.txt"))
        let outcome = try await fixture.render().outcome
        #expect(reasons(outcome) == ["raw": "output out/raw.txt is missing or unreadable"])
        #expect(try text(fixture, "out/raw.txt") == "abcdef!")
    }

    @Test("an altered output re-runs its stage and is written again")
    func outputAltered() async throws {
        let fixture = try await rendered()
        try fixture.write("tampered", to: "out/combined.txt")
        let outcome = try await fixture.render().outcome
        #expect(reasons(outcome) == ["combined": "output out/combined.txt changed"])
        #expect(try text(fixture, "out/combined.txt") == "abcdef!hello")
    }

    @Test("--refresh ID re-runs that stage and its dependents, through {{ }} and through context.result(of:)")
    func refreshStage() async throws {
        let fixture = try await rendered()
        let raw = try await fixture.render(cache: .refresh(["raw"])).outcome
        #expect(reasons(raw) == ["raw": "--refresh raw", "combined": "depends on refreshed 'raw'"])
        let greet = try await fixture.render(cache: .refresh(["greet", "other"])).outcome
        #expect(reasons(greet) == ["greet": "--refresh greet", "combined": "depends on refreshed 'greet'", "other": "--refresh other"])
        await #expect {
            _ = try await fixture.render(cache: .refresh(["gret"]))
        } throws: { error in
            guard case ReportError.unknownRefresh("gret", let known) = error else { return false }
            return known == ["raw", "greet", "combined", "other"] && "\(error)".contains("did you mean 'greet'?")
        }
    }

    @Test("--refresh re-runs every stage and stores the results")
    func refreshAll() async throws {
        let fixture = try await rendered()
        let outcome = try await fixture.render(cache: .refreshAll).outcome
        #expect(outcome.computed.count == 4)
        #expect(outcome.stages.allSatisfy { $0.reason == "--refresh" })
        #expect(try await fixture.render().outcome.computed.isEmpty)
    }

    @Test("--no-cache runs every stage and neither reads nor writes .atlasweave/")
    func noCache() async throws {
        let fixture = try ReportFixture(Self.pipeline)
        try fixture.write("abcdef", to: "data.txt")
        let cacheFolder = fixture.folder.appendingPathComponent(".atlasweave")
        #expect(try await fixture.render(cache: .off).outcome.computed.count == 4)
        #expect(!FileManager.default.fileExists(atPath: cacheFolder.path))
        _ = try await fixture.render()
        let stored = try Data(contentsOf: entry(fixture, "greet"))
        let outcome = try await fixture.render(cache: .off).outcome
        #expect(outcome.stages.allSatisfy { $0.cached == nil && $0.reason == "--no-cache" })
        try fixture.edit(Self.pipeline.replacingOccurrences(of: "text: independent", with: "text: changed"))
        _ = try await fixture.render(cache: .off)
        #expect(try Data(contentsOf: entry(fixture, "greet")) == stored)
        #expect(try await fixture.render().outcome.computed.map(\.id) == ["other"])
    }

    @Test("a corrupt, foreign-format or mismatched cache entry is ignored and rebuilt")
    func corruptEntries() async throws {
        let fixture = try await rendered()
        try Data("{\"format\": 1, \"id\": ".utf8).write(to: entry(fixture, "greet"))
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: entry(fixture, "raw"))) as? [String: Any])
        object["format"] = 99
        try JSONSerialization.data(withJSONObject: object).write(to: entry(fixture, "raw"))
        object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: entry(fixture, "other"))) as? [String: Any])
        object["key"] = String(repeating: "0", count: 32)
        object["fields"] = ["text": ["string": ["_0": "forged"]]]
        try JSONSerialization.data(withJSONObject: object).write(to: entry(fixture, "other"))
        try FileManager.default.copyItem(at: entry(fixture, "combined"), to: entry(fixture, "gone"))

        let (outcome, html) = try await fixture.render()
        #expect(reasons(outcome) == [
            "raw": "cache entry ignored: cache format 99, expected 1",
            "greet": "cache entry ignored: not a valid cache entry",
            "other": "cache key changed",
        ])
        #expect(!html.contains("forged"))
        // Re-run with the same results, `combined` stays cached; the stray entry is pruned.
        #expect(!FileManager.default.fileExists(atPath: entry(fixture, "gone").path))
        #expect(try await fixture.render().outcome.computed.isEmpty)
    }

    @Test("a cached stage's in-memory object is rebuilt by re-running it when a later stage needs it")
    func objectRematerialized() async throws {
        let report = """
            ```{load}
            id: source
            input: data.txt
            ```

            ```{use}
            label: A
            from: source
            ```

            ```{use}
            id: again
            label: again
            from: source
            ```
            """
        let fixture = try ReportFixture(report)
        try fixture.write("abcdef", to: "data.txt")
        let first = try await fixture.render().html
        #expect(first.contains("<p class=\"use\">A: abcdef</p>"))

        // Both `use` stages run and need the object; `source` is run again once for them.
        try fixture.edit(report.replacingOccurrences(of: "label: A", with: "label: B")
            .replacingOccurrences(of: "label: again", with: "label: twice"))
        let messages = Mutex<[String]>([])
        let (outcome, html) = try await fixture.render { event in
            if case .progress(let message) = event { messages.locked { $0.append(message) } }
        }
        #expect(messages.locked { $0 } == ["re-running 'source' for its in-memory result (not cached)"])
        #expect(html.contains("<p class=\"use\">B: abcdef</p>"))
        #expect(html.contains("<p class=\"use\">twice: abcdef</p>"))
        let source = try #require(outcome.stages.first)
        #expect(source.cached != nil && source.rerunForObject)
        #expect(outcome.computed.map(\.id) == ["source", "use", "again"])
        #expect(html.contains("<td>cached, re-run for its object</td>"))

        // Nothing needs the object: the producer stays cached and is not re-run.
        try fixture.edit(report.replacingOccurrences(of: "label: A", with: "label: C\nresolve: false")
            .replacingOccurrences(of: "label: again", with: "label: D\nresolve: false"))
        let plain = try await fixture.render()
        #expect(plain.html.contains("<p class=\"use\">C: (no object)</p>"))
        #expect(plain.outcome.computed.map(\.id) == ["use", "again"])
    }

    @Test("a directive that is not cacheable with its options runs every time; what follows stays cached while its result is the same")
    func notCacheable() async throws {
        let fixture = try ReportFixture("""
            ```{copy}
            id: live
            input: data.txt
            output: copy.txt
            volatile: true
            ```

            ```{echo}
            text: "{{ live.text }} and later"
            ```
            """)
        try fixture.write("abc", to: "data.txt")
        _ = try await fixture.render()
        let outcome = try await fixture.render().outcome
        #expect(reasons(outcome) == ["live": "{copy} with these options runs on every render"])
        #expect(outcome.cached.map(\.id) == ["echo"])
    }

    @Test("an entry another atlasweave version computed is not used")
    func otherVersion() async throws {
        let fixture = try await rendered()
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: entry(fixture, "other"))) as? [String: Any])
        object["version"] = "0.0.1"
        try JSONSerialization.data(withJSONObject: object).write(to: entry(fixture, "other"))
        #expect(reasons(try await fixture.render().outcome) == ["other": "atlasweave 0.0.1 computed it"])
    }
}
