import Testing
@testable import Weave

@Suite("HTML helpers")
struct HTMLTests {
    @Test("a capped table shows at most the cap and says how many rows there were")
    func cappedTable() {
        let rows = (1...120).map { ["<r\($0)>", String($0)] }
        let html = HTML.cappedTable(header: ["name", "n"], rows: rows, totalRows: 1200, numericColumns: [1])
        #expect(html.rendered.components(separatedBy: "<tr>").count - 1 == HTML.rowCap + 1)
        #expect(html.contains("<td>&lt;r50&gt;</td>"))
        #expect(!html.contains("r51"))
        #expect(html.contains("Showing the first 50 of 1,200 rows (cap 50)."))
        #expect(!HTML.cappedTable(header: ["a"], rows: [["1"]]).contains("Showing"))
    }

    @Test("callouts escape their title and items")
    func callout() {
        let html = HTML.callout(kind: "error", title: "Stage <x> failed", items: [("error", "a & b")])
        #expect(html.contains("Stage &lt;x&gt; failed"))
        #expect(html.contains("<dd>a &amp; b</dd>"))
    }
}
