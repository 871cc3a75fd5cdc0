import Foundation
import Testing
import TestSupport
@testable import Tables

/// CSV input that used to be shown wrong or explained too little (issue 17).
@Suite struct HostileCSVTests {
    @Test func duplicateColumnNamesAreRefusedWithTheLine() {
        #expect(errorMessage { _ = try parse("x,x\n1,2\n") }
            == "t.csv:1: column 2: duplicate column name 'x' (also column 1); give each column its own name")
        // A quoted header with a newline: the duplicate is on line 2.
        #expect(errorMessage { _ = try parse("\"a\nb\",c,c\n1,2,3\n") }?.hasPrefix("t.csv:2: column 3: duplicate column name 'c'") == true)
        #expect(errorMessage { _ = try parse(",\n1,2\n") }?.contains("duplicate column name ''") == true)
    }

    @Test func negativeZeroGroupsWithZero() throws {
        let t = try parse("v,n\n0,1\n-0.0,2\n0.5,3\n-0,4\n")
        let column = try t.column("v")
        #expect(kind(column) == "double")
        let (groups, keys) = column.factorized()
        #expect(keys == ["0", "0.5"])
        #expect(groups == [0, 0, 1, 0])
        #expect(column.distinctCount == 2)
        #expect(try t.groupCounts(by: "v").map(\.count) == [3, 1])
    }

    @Test func firstNonNumberNamesRowLineAndValue() throws {
        let folder = try TestPaths.temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(field: String, expected: String)] = [
            ("NaN", "row 3 (line 6 of the CSV) has 'NaN'; NaN and infinity are not read as numbers (leave a missing value empty)"),
            ("inf", "row 3 (line 6 of the CSV) has 'inf'; NaN and infinity are not read as numbers (leave a missing value empty)"),
            ("0x10", "row 3 (line 6 of the CSV) has '0x10'"),
            ("\" 5\"", "row 3 (line 6 of the CSV) has ' 5'; spaces around a number make it text"),
        ]
        for (field, expected) in cases {
            // A quoted newline in row 1 and a blank line before row 3: the record's line is 6.
            let url = folder.appendingPathComponent("v.csv")
            try Data("id,v\n\"a\nb\",1\nc,\n\nd,\(field)\ne,2\n".utf8).write(to: url)
            let table = try CSVReader.read(url)
            #expect(table.firstNonNumber(in: try table.column("v")) == expected)
        }
        #expect(CSVReader.line(ofRecord: 0, path: folder.appendingPathComponent("v.csv").path) == 2)
        #expect(CSVReader.line(ofRecord: 9, path: folder.appendingPathComponent("v.csv").path) == nil)
        // An all-empty column (strings, no value) and an in-memory table (no file to count lines in).
        let empty = try parse("a,b\n,1\n,2\n")
        #expect(empty.firstNonNumber(in: try empty.column("a")) == nil)
        let memory = try parse("a\n1\nx\n")
        #expect(memory.firstNonNumber(in: try memory.column("a")) == "row 2 has 'x'")
    }
}
