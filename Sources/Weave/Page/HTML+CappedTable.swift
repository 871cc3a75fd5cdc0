extension HTML {
    /// At most `cap` rows of a table, with a note stating the cap when rows were left out.
    public static func cappedTable(header: [String], rows: [[String]], totalRows: Int? = nil,
                                   numericColumns: Set<Int> = [], cap: Int = rowCap) -> HTMLText {
        let total = totalRows ?? rows.count
        let shown = Array(rows.prefix(cap))
        let note = total > shown.count ? "Showing the first \(shown.count) of \(Value.int(total).prose) rows (cap \(cap))." : nil
        return table(header: header, rows: shown, numericColumns: numericColumns, note: note)
    }

    /// Rows a report table shows at most, so a report stays small enough for a browser.
    public static let rowCap = 50
}
