import Foundation
import Testing
@testable import Weave

@Suite("HTML helpers")
struct HTMLTests {
    @Test("a capped table shows at most the cap and says how many rows there were")
    func cappedTable() throws {
        let rows = (1...120).map { ["<r\($0)>", String($0)] }
        let html = HTML.cappedTable(header: ["name", "n"], rows: rows, numericColumns: [1])
        let shown = try #require(html.rendered.components(separatedBy: "<a class=\"table-download\"").first)
        #expect(shown.components(separatedBy: "<tr>").count - 1 == HTML.rowCap + 1)
        #expect(html.contains("<td>&lt;r50&gt;</td>"))
        #expect(!shown.contains("r51"))
        #expect(html.contains("Showing the first 50 of 120 rows (cap 50)."))
        // The download carries every row, not only the ones shown.
        #expect(try downloadedCSV(html) == "name,n\r\n" + (1...120).map { "<r\($0)>,\($0)\r\n" }.joined())
        #expect(!HTML.cappedTable(header: ["a"], rows: [["1"]]).contains("Showing"))
    }

    @Test("a preview table counts and downloads the full table it stands for")
    func previewOfALargerTable() throws {
        let all = TableDownload(header: ["i"], rowCount: 1200) { row, _ in String(row) }
        let html = HTML.cappedTable(header: ["i"], rows: (0..<60).map { [String($0)] }, all: all)
        #expect(html.contains("Showing the first 50 of 1,200 rows (cap 50)."))
        #expect(try downloadedCSV(html).split(separator: "\r\n").count == 1201)
        #expect(html.contains("(all 1,200 rows, "))
    }

    @Test("CSV fields are quoted as RFC 4180 says, and the data URI is base64 of the UTF-8 text")
    func csvQuoting() throws {
        let download = TableDownload(header: ["a,b", "say \"hi\""], rows: [["x\ny", " edge "], ["plain", "é <b>&"]])
        #expect(download.csv() == "\"a,b\",\"say \"\"hi\"\"\"\r\n\"x\ny\",\" edge \"\r\nplain,é <b>&\r\n")
        let html = HTML.table(header: download.header, rows: [["x\ny", " edge "], ["plain", "é <b>&"]])
        #expect(try downloadedCSV(html) == download.csv())
        #expect(!html.contains("<b>&"))
    }

    @Test("over the embedding cap the link goes to the table's CSV file, else a note says so")
    func overTheCap() {
        let big = TableDownload(header: ["x"], rowCount: 200_000, file: "data/my cells.csv") { _, _ in "0123456789" }
        #expect(big.csv() == nil)
        #expect(big.link.contains("<a class=\"table-file\" href=\"data/my%20cells.csv\">CSV file</a>"))
        #expect(big.link.contains("200,000 rows, over the 1.00 MB a report embeds"))
        let noFile = TableDownload(header: ["x"], rowCount: 200_000) { _, _ in "0123456789" }
        #expect(noFile.link.contains("is over the 1.00 MB a report embeds as a download, and has no CSV file"))
        #expect(!noFile.link.contains("href"))
        let absolute = TableDownload(header: ["x"], rowCount: 200_000, file: "/home/me/x.csv") { _, _ in "0123456789" }
        #expect(!absolute.link.contains("/home/me"))
        let scheme = TableDownload(header: ["x"], rowCount: 200_000, file: "javascript:alert(1).csv") { _, _ in "0123456789" }
        #expect(scheme.link.contains("href=\"javascript%3Aalert(1).csv\""))
        // The page may live in another folder than the report: file links are rebased, nothing else.
        let page = TableDownload.rebaseFileLinks(big.link.rendered + "<a href=\"data/x.csv\">", prefix: "..")
        #expect(page.contains("href=\"../data/my%20cells.csv\"") && page.contains("<a href=\"data/x.csv\">"))
        #expect(TableDownload.rebaseFileLinks(big.link.rendered, prefix: ".") == big.link.rendered)
    }

    /// The CSV text of the table's download link.
    private func downloadedCSV(_ html: HTMLText) throws -> String {
        let prefix = "href=\"data:text/csv;charset=utf-8;base64,"
        let start = try #require(html.rendered.range(of: prefix))
        let end = try #require(html.rendered[start.upperBound...].firstIndex(of: "\""))
        let data = try #require(Data(base64Encoded: String(html.rendered[start.upperBound..<end])))
        return String(decoding: data, as: UTF8.self)
    }

    @Test("callouts escape their title and items")
    func callout() {
        let html = HTML.callout(kind: "error", title: "Stage <x> failed", items: [("error", "a & b")])
        #expect(html.contains("Stage &lt;x&gt; failed"))
        #expect(html.contains("<dd>a &amp; b</dd>"))
    }
}
