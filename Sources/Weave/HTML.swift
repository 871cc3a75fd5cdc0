/// HTML building helpers: every data value goes through `escape`.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A table with escaped header and cells; `note` (escaped) states a row cap or a source.
    public static func table(header: [String], rows: [[String]], numericColumns: Set<Int> = [], note: String? = nil) -> String {
        var out = "<div class=\"table-wrap\"><table>\n<thead><tr>"
        for (i, h) in header.enumerated() {
            out += numericColumns.contains(i) ? "<th class=\"num\">" : "<th>"
            out += escape(h) + "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out += numericColumns.contains(i) ? "<td class=\"num\">" : "<td>"
                out += escape(cell) + "</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody></table>"
        if let note { out += "<p class=\"table-note\">\(escape(note))</p>" }
        return out + "</div>\n"
    }

    /// A definition-list card of label/value pairs (a file card, a summary).
    public static func card(title: String, items: [(String, String)]) -> String {
        var out = "<div class=\"card\"><div class=\"card-title\">\(escape(title))</div><dl>"
        for (k, v) in items { out += "<dt>\(escape(k))</dt><dd>\(escape(v))</dd>" }
        return out + "</dl></div>\n"
    }
}
