import Foundation
import Testing
@testable import Weave

@Suite("Values in prose and directive bodies")
struct ValueTests {
    @Test("prose values print with thousands separators, code spans keep the braces")
    func proseValues() async throws {
        let fixture = try ReportFixture("""
            ---
            params:
              target: 200000
              name: whole_mouse_brain
            ---

            ```{echo}
            id: e
            text: x
            count: 1234
            ```

            Sampling {{ params.target }} cells of {{params.name}}; count {{ e.count }}, inner {{ e.meta.inner }}; `{{ params.target }}`.

            ## Heading {{ params.target }}
            """)
        let main = ReportFixture.main(of: try await fixture.render().html)
        #expect(main.contains("Sampling 200,000 cells of whole_mouse_brain; count 1,234, inner 1,234,000; <code>{{ params.target }}</code>."))
        #expect(main.contains("Heading 200,000</h2>"))
    }

    @Test("body values are substituted before YAML parsing, so numbers stay numbers")
    func bodyValues() async throws {
        let fixture = try ReportFixture("""
            ---
            params:
              n: 7
              cols: [a, "b, c"]
            ---

            ```{echo}
            id: first
            text: t{{ params.n }}
            count: {{ params.n }}
            cols: {{ params.cols }}
            ```

            ```{echo}
            id: second
            text: "{{ first.text }}!"
            count: {{ first.meta.inner }}
            ```
            """)
        let (outcome, _) = try await fixture.render()
        let first = try #require(outcome.stages.first?.result)
        #expect(first.fields["count"] == .int(7))
        #expect(first.fields["text"] == .string("t7"))
        #expect(first.fields["meta"]?.lookup(["cols"]) == .list([.string("a"), .string("b, c")]))
        let second = try #require(outcome.stages.last?.result)
        #expect(second.fields["text"] == .string("t7!"))
        #expect(second.fields["count"] == .int(7000))
        #expect(outcome.stages.last?.upstream == ["first"])
    }

    @Test("a record key the run did not produce: reported after the run in prose, a stage failure in a body")
    func unknownRecordKey() async throws {
        let fixture = try ReportFixture("""
            ```{echo}
            id: e
            text: x
            ```

            Inner {{ e.meta.innr }} here.

            ```{echo}
            id: f
            text: "{{ e.meta.nope }}"
            ```
            """)
        let (outcome, html) = try await fixture.render()
        #expect(outcome.stages.map(\.status).first == .ran)
        guard case .failed(let message) = outcome.stages.last?.status else { Issue.record("expected a failure"); return }
        #expect(message.hasPrefix("unknown value 'e.meta.nope'"))
        #expect(outcome.stages.last?.failureLine == 10)
        let error = try #require(outcome.valueErrors.first)
        #expect(error.location?.line == 6)
        #expect(error.message.contains("did you mean 'e.meta.inner'?"))
        #expect(error.message.contains("e.meta.cols"))
        #expect(html.contains("Inner ⟨unknown: e.meta.innr⟩ here."))
    }

    @Test("values and titles are HTML-escaped")
    func escaping() async throws {
        let fixture = try ReportFixture("""
            ---
            title: A <b>bold</b> title
            params:
              label: "<script>alert(1)</script>"
            ---

            Label: {{ params.label }}

            ```{echo}
            text: "{{ params.label }}"
            ```
            """)
        let html = try await fixture.render().html
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("Label: &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<p class=\"echo\">&lt;script&gt;alert(1)&lt;/script&gt;</p>"))
        #expect(html.contains("<title>A &lt;b&gt;bold&lt;/b&gt; title</title>"))
        #expect(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
    }

    @Test("Value.prose groups integers and rounds decimals")
    func proseFormatting() {
        #expect(Value.int(4042976).prose == "4,042,976")
        #expect(Value.double(0.123456).prose == "0.1235")
        #expect(Value.list([.int(1000), .string("a")]).prose == "1,000, a")
    }
}
