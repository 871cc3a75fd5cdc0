extension HTML {
    /// A highlighted box for a stage that failed at run time, or was skipped after one did.
    /// `title` and every item are escaped.
    static func callout(kind: String, title: String, items: [(String, String)]) -> String {
        var out = "<div class=\"callout callout-\(escape(kind))\" role=\"note\"><div class=\"callout-title\">\(escape(title))</div><dl>"
        for (k, v) in items { out += "<dt>\(escape(k))</dt><dd>\(escape(v))</dd>" }
        return out + "</dl></div>\n"
    }

    /// At most `cap` rows of a table, with a note stating the cap when rows were left out.
    public static func cappedTable(header: [String], rows: [[String]], totalRows: Int? = nil,
                                   numericColumns: Set<Int> = [], cap: Int = rowCap) -> String {
        let total = totalRows ?? rows.count
        let shown = Array(rows.prefix(cap))
        let note = total > shown.count ? "Showing the first \(shown.count) of \(Value.int(total).prose) rows (cap \(cap))." : nil
        return table(header: header, rows: shown, numericColumns: numericColumns, note: note)
    }

    /// Rows a report table shows at most, so a report stays small enough for a browser.
    public static let rowCap = 50
}
