/// The page's building blocks, each escaping every data value it is given.
public enum HTML {
    /// For the page assembly's own strings; directives build `HTMLText`.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// A table with escaped header and cells; `note` (escaped) states a row cap or a source.
    public static func table(header: [String], rows: [[String]], numericColumns: Set<Int> = [], note: String? = nil) -> HTMLText {
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
        if let note { out += "<p class=\"table-note\">\(note)</p>" }
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
