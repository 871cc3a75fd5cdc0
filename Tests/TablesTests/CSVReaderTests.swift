import Foundation
import Testing
import TestSupport
@testable import Tables

@Suite struct CSVReaderTests {
    @Test func quotedFieldsHoldCommasQuotesAndNewlines() throws {
        let t = try parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\"\",plain,\"\"\"\"\n")
        #expect(t.columnNames == ["a", "b", "c"])
        #expect(cells(t) == [["x, y", "say \"hi\"", "two\nlines"], ["", "plain", "\""]])
    }

    @Test func crlfBomAndEmptyFields() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name,n\r\n1,,\r\n2,\"b\r\nc\",5\r\n,z,\r\n".utf8)
        let t = try CSVReader.parse(bytes, name: "t.csv")
        #expect(t.columnNames == ["id", "name", "n"])
        #expect(cells(t) == [["1", "", ""], ["2", "b\r\nc", "5"], ["", "z", ""]])
        #expect(kind(t.columns[0]) == "int64")
        #expect(t.columns[0].number(at: 2) == nil)
        #expect(t.columns[2].number(at: 1) == 5)
    }

    @Test func lastRecordWithoutNewlineAndBlankLines() throws {
        let t = try parse("a,b\n1,2\n\n3,4")
        #expect(cells(t) == [["1", "2"], ["3", "4"]])
        let single = try parse("a\n1\n\n2\n")
        #expect(cells(single) == [["1"], [""], ["2"]])
    }

    @Test func numericTyping() throws {
        let t = try parse("i,d,mixed,text,zeros,empty\n1,1.5,1,a,007,\n-2,,2.25,b,x,\n3,1e3,,,8,\n")
        #expect(t.columns.map(kind) == ["int64", "double", "double", "string", "string", "string"])
        #expect(t.columns[0].number(at: 1) == -2)
        #expect(t.columns[1].number(at: 2) == 1000)
        #expect(t.columns[1].number(at: 1) == nil)
        #expect(t.columns[2].number(at: 0) == 1)
        // A column that turns out to be text keeps its original text.
        #expect(t.columns[4].text(at: 0) == "007")
        #expect(t.columns[5].text(at: 0) == "")
        // Integers too long for int64 are identifiers: text, kept exactly.
        let ids = try parse("id\n12345678901234567890123\n7\n")
        #expect(kind(ids.columns[0]) == "string")
        #expect(ids.columns[0].text(at: 0) == "12345678901234567890123")
    }

    @Test func decimalsParseExactly() throws {
        let values = ["23.146826", "-3.086639", "0.1", "123456789012345678901234.5", "0.1234567890123456789", ".5", "5.", "1E-5", "-0.0", "9007199254740993.0", "1.7976931348623157e308", "5e-324", "4.35", "0.000001"]
        let t = try parse("v\n" + values.joined(separator: "\n") + "\n")
        for (row, text) in values.enumerated() {
            #expect(t.columns[0].number(at: row) == Double(text)!, "\(text)")
        }
    }

    @Test func raggedRowsNameTheLine() {
        let short = errorMessage { _ = try parse("a,b,c\n1,2,3\n\"multi\nline\",2,3\n4,5\n") }
        #expect(short == "t.csv:5: expected 3 fields as in the header, found 2")
        let long = errorMessage { _ = try parse("a,b\n1,2,3\n") }
        #expect(long == "t.csv:2: expected 2 fields as in the header, found 3")
    }

    @Test func malformedQuotesNameLineAndColumn() {
        let unclosed = errorMessage { _ = try parse("a,b\n1,2\n3,\"open\n") }
        #expect(unclosed == "t.csv:3: column 2 ('b'): quoted field is never closed")
        let stray = errorMessage { _ = try parse("a,b\n1,\"x\"y\n") }
        #expect(stray?.hasPrefix("t.csv:2: column 2 ('b'): unexpected character after a closing quote") == true)
        let bare = errorMessage { _ = try parse("a,b\n1,2\n3,5\" screen\n") }
        #expect(bare == "t.csv:3: column 2 ('b'): a quote inside an unquoted field (quote the whole field and double the quote)")
    }

    @Test func emptyFileIsAnError() throws {
        let dir = try TestPaths.temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("empty.csv")
        try Data().write(to: url)
        #expect(errorMessage { _ = try CSVReader.read(url) } == "\(url.path): no header line (the file is empty)")
        #expect(errorMessage { _ = try CSVReader.read(dir.appendingPathComponent("missing.csv")) }?.contains("cannot open") == true)
    }

    /// A parse split over parallel chunks gives the same table as one pass, including a numeric
    /// column that meets text only in a late chunk and quoted newlines near the split points.
    @Test func chunkedParseMatchesSinglePass() throws {
        var text = "id,label,value,late\n"
        for i in 0..<150_000 {
            let label = i % 7 == 0 ? "\"multi\nline, \"\"\(i % 13)\"\"\"" : "L\(i % 50)"
            let late = i == 140_000 ? "oops" : String(i)
            text += "\(i),\(label),\(Double(i) / 8),\(late)\n"
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 3 << 20)
        #expect(CSVReader.split(bytes, parts: 3).count == 3)
        let one = try CSVReader.parse(bytes, name: "t.csv", chunks: 1)
        let three = try CSVReader.parse(bytes, name: "t.csv", chunks: 3)
        #expect(one.rowCount == 150_000)
        #expect(three.columns.map(kind) == ["int64", "string", "double", "string"])
        #expect(cells(one) == cells(three))
        #expect(three.columns[1].text(at: 0) == "multi\nline, \"0\"")

        // An error in the last chunk names its physical line in the whole file.
        let broken = text + "1,2\n"
        let line = broken.utf8.filter { $0 == 10 }.count
        #expect(errorMessage { _ = try CSVReader.parse(Array(broken.utf8), name: "t.csv", chunks: 3) }
            == "t.csv:\(line): expected 4 fields as in the header, found 2")

        // The same from a mapped file (pages released as the parse goes).
        let dir = try TestPaths.temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.csv")
        try Data(bytes).write(to: url)
        #expect(cells(try CSVReader.read(url, chunks: 2)) == cells(one))
    }

    @Test("scan visits the named columns of every record, in parts, fields unquoted; errors name line and column")
    func scanVisitsChosenColumns() throws {
        var text = "id,label,value\n"
        var expected: [[String]] = []
        for i in 0..<150_000 {
            let label = i % 7 == 0 ? "\"multi\nline, \"\"\(i % 13)\"\"\"" : "L\(i % 50)"
            text += "\(i),\(label),\(Double(i) / 8)\n"
            expected.append(["\(Double(i) / 8)", i % 7 == 0 ? "multi\nline, \"\(i % 13)\"" : "L\(i % 50)"])
        }
        let dir = try TestPaths.temporaryDirectory("csv-scan")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.csv")
        try Data(text.utf8).write(to: url)
        for parts in [1, 3] {
            let seen = try CSVReader.scan(url, columns: ["value", "label"], parts: parts, start: { [[String]]() }) { rows, fields in
                rows.append([String(decoding: fields[0], as: UTF8.self), String(decoding: fields[1], as: UTF8.self)])
            }
            #expect(seen.count == parts)
            #expect(seen.flatMap { $0 } == expected, "\(parts) parts")
        }
        #expect(errorMessage { _ = try CSVReader.scan(url, columns: ["lable"], start: { 0 }) { _, _ in } }
            == "\(url.path) has no column 'lable'; columns: id, label, value")
        try Data((text + "1,2\n").utf8).write(to: url)
        let line = text.utf8.filter { $0 == 10 }.count + 1
        #expect(errorMessage { _ = try CSVReader.scan(url, columns: ["id"], parts: 3, start: { 0 }) { _, _ in } }
            == "\(url.path):\(line): expected 3 fields as in the header, found 2")
    }

    @Test func readsAFileWithErrorsNamingIt() throws {
        let dir = try TestPaths.temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("cells.csv")
        try Data("cell,cluster\nc1,4\nc2\n".utf8).write(to: url)
        #expect(errorMessage { _ = try CSVReader.read(url) } == "\(url.path):3: expected 2 fields as in the header, found 1")
    }
}

extension CSVReader {
    /// The chunk ranges a parse would use, for the tests.
    static func split(_ bytes: [UInt8], parts: Int) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { split($0.baseAddress!, from: 0, to: $0.count, parts: parts) }
    }
}
