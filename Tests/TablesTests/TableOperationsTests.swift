import Foundation
import Testing
import TestSupport
import Tables

@Suite struct TableOperationsTests {
    @Test func writerQuotesOnlyWhereNeededAndRoundTrips() throws {
        let source = "name,n,x,note\n\"a,b\",1,1.5,\"say \"\"hi\"\"\"\nplain,,2,\"two\nlines\"\n\"cr\r\",3,,\n"
        let table = try parse(source)
        let dir = try TestPaths.temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("out/written.csv")
        try CSVWriter.write(table, to: url)
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(written == "name,n,x,note\n\"a,b\",1,1.5,\"say \"\"hi\"\"\"\nplain,,2,\"two\nlines\"\n\"cr\r\",3,,\n")
        #expect(cells(try CSVReader.read(url)) == cells(table))
        // Nothing but the file is left in the folder (the temporary was renamed).
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["written.csv"])
    }

    @Test func writesSelectedRowsInGivenOrder() throws {
        let table = try parse("id,v\na,1\nb,2\nc,3\n")
        let dir = try TestPaths.temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("some.csv")
        try CSVWriter.write(table, rows: [2, 0], to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "id,v\nc,3\na,1\n")
        #expect(cells(try table.rows([1, 1])) == [["b", "2"], ["b", "2"]])
        #expect(errorMessage { try CSVWriter.write(table, rows: [3], to: url) } == "t.csv: row 3 is out of range (0..<3)")
    }

    @Test func groupCountsInOrderOfFirstAppearance() throws {
        let table = try parse("c,s,d\n5,x,1.5\n3,y,\n5,x,1.5\n,x,2\n5,z,\n")
        #expect(try table.groupCounts(by: "c").map { "\($0.key)=\($0.count)" } == ["5=3", "3=1", "=1"])
        #expect(try table.groupCounts(by: "s").map { "\($0.key)=\($0.count)" } == ["x=3", "y=1", "z=1"])
        #expect(try table.groupCounts(by: "d").map { "\($0.key)=\($0.count)" } == ["1.5=2", "=2", "2=1"])
        #expect(errorMessage { _ = try table.groupCounts(by: "cluster") } == "t.csv has no column 'cluster'; columns: c, s, d")
    }

    @Test func leftJoinReportsUnmatchedKeysOnBothSides() throws {
        let cells = try parse("cell,cluster_alias\nc1,1\nc2,2\nc3,9\nc4,1\nc5,9\nc6,8\n")
        let taxonomy = try CSVReader.parse(Array("cluster_alias,class,cell\n1,Glut,x\n2,GABA,y\n3,Astro,z\n".utf8), name: "taxonomy.csv")
        let joined = try cells.leftJoin(taxonomy, on: "cluster_alias")
        #expect(joined.table.columnNames == ["cell", "cluster_alias", "class", "cell_right"])
        #expect(TablesTests.cells(joined.table).map { $0[2] } == ["Glut", "GABA", "", "Glut", "", ""])
        #expect(joined.unmatchedLeftKeys == ["9", "8"])
        #expect(joined.unmatchedLeftRows == 3)
        #expect(joined.unmatchedRightKeys == ["3"])
        // Unmatched rows group as one empty class.
        #expect(try joined.table.groupCounts(by: "class").map { "\($0.key)=\($0.count)" } == ["Glut=2", "GABA=1", "=3"])
    }

    @Test func joinNeedsUniqueRightKeys() throws {
        let left = try parse("k\n1\n")
        let right = try CSVReader.parse(Array("k,v\n1,a\n1,b\n".utf8), name: "right.csv")
        #expect(errorMessage { _ = try left.leftJoin(right, on: "k") }
            == "right.csv: key '1' appears more than once in column 'k' (a join needs unique keys on that side)")
        #expect(errorMessage { _ = try left.leftJoin(right, on: "x") }?.hasPrefix("t.csv has no column 'x'") == true)
    }
}
