import Tables

/// Parses CSV text as the file `t.csv` (one chunk unless asked otherwise).
func parse(_ text: String, chunks: Int = 1) throws -> Table {
    try CSVReader.parse(Array(text.utf8), name: "t.csv", chunks: chunks)
}


/// Every cell as text, row by row.
func cells(_ table: Table) -> [[String]] {
    (0..<table.rowCount).map { row in table.columns.map { $0.text(at: row) } }
}

func kind(_ column: Column) -> String {
    switch column.storage {
    case .int64: return "int64"
    case .double: return "double"
    case .string: return "string"
    }
}
