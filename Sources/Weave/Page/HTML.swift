/// The page's building blocks, each escaping every data value it is given.
public enum HTML {
    /// For the page assembly's own strings; directives build `HTMLText`.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// A table with escaped header and cells; `note` (escaped) states a row cap or a source. The
    /// note line ends with the CSV download of `all` (default: the rows shown, when they are all).
    public static func table(header: [String], rows: [[String]], numericColumns: Set<Int> = [], note: String? = nil,
                             all: TableDownload? = nil) -> HTMLText {
        func cell(_ tag: String, _ column: Int, _ text: String) -> HTMLText {
            let scope: HTMLText = tag == "th" ? " scope=\"col\"" : ""
            return numericColumns.contains(column) ? "<\(raw: tag)\(scope) class=\"num\">\(text)</\(raw: tag)>" : "<\(raw: tag)\(scope)>\(text)</\(raw: tag)>"
        }
        var out: HTMLText = "<div class=\"table-wrap\"><table>\n<thead><tr>"
        for (i, h) in header.enumerated() { out += cell("th", i, h) }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, text) in row.enumerated() { out += cell("td", i, text) }
            out += "</tr>\n"
        }
        out += "</tbody></table>"
        let download = (all ?? TableDownload(header: header, rows: rows)).link
        out += "<p class=\"table-note\">\(note.map { "\($0) " } ?? "")\(download)</p>"
        return out + "</div>\n"
    }

    /// A definition-list card of label/value pairs (a file card, a summary).
    public static func card(title: String, items: [(String, String)]) -> HTMLText {
        "<div class=\"card\"><div class=\"card-title\">\(title)</div>\(definitions(items))</div>\n"
    }

    /// `<dl>` of label/value pairs.
    static func definitions(_ items: [(String, String)]) -> HTMLText {
        "<dl>\(items.map { k, v -> HTMLText in "<dt>\(k)</dt><dd>\(v)</dd>" })</dl>"
    }
}
