extension HTML {
    /// At most `cap` rows of a table, with a note stating the cap when rows were left out. `rows`
    /// are all the rows, or, with `all` (the full table, for its count and CSV download), the
    /// first ones.
    public static func cappedTable(header: [String], rows: [[String]], all: TableDownload? = nil,
                                   numericColumns: Set<Int> = [], cap: Int = rowCap) -> HTMLText {
        let total = all?.rowCount ?? rows.count
        let shown = Array(rows.prefix(cap))
        let note = total > shown.count ? "Showing the first \(shown.count) of \(Value.int(total).prose) rows (cap \(cap))." : nil
        return table(header: header, rows: shown, numericColumns: numericColumns, note: note,
                     all: all ?? TableDownload(header: header, rows: rows))
    }

    /// Rows a report table shows at most, so a report stays small enough for a browser.
    public static let rowCap = 50
}
