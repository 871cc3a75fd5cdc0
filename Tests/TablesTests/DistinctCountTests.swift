import Testing
@testable import Tables

@Suite("Column.distinctCount")
struct DistinctCountTests {
    /// Rows whose `label` is mostly distinct (so the reader stores it plainly, not interned) with
    /// every 7th label repeated, a small-cardinality `group`, numbers with gaps and decimals.
    private func table(rows: Int) throws -> Table {
        var text = "label,group,n,x\n"
        for i in 0..<rows {
            let label = i % 7 == 0 ? "repeat\(i % 3)" : "cell\(i)"
            let n = i % 5 == 0 ? "" : String(i % 11)
            text += "\(label),g\(i % 4),\(n),\(Double(i % 13) / 2)\n"
        }
        return try parse(text, chunks: 3)
    }

    @Test("every storage kind counts as factorized() does, plainly stored strings included")
    func matchesFactorized() throws {
        let table = try table(rows: 20_000)
        guard case .string(_, let labels) = try table.column("label").storage else { Issue.record("label not strings"); return }
        #expect(!labels.isInterned, "the probe should store mostly-distinct labels plainly")
        for column in table.columns {
            #expect(column.distinctCount == column.factorized().keys.count, "\(column.name)")
        }
        #expect(try table.column("group").distinctCount == 4)
        #expect(try table.column("n").distinctCount == 12)  // 0…10 and the missing value
    }

    @Test("a selection of rows counts only the values its rows use")
    func selection() throws {
        // Labels repeat0, repeat0, cell1; groups g0, g1, g1.
        let table = try table(rows: 20_000).rows([0, 21, 1])
        #expect(try table.column("group").distinctCount == 2)
        #expect(try table.column("label").distinctCount == 2)
    }
}
