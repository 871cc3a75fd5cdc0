extension HTML {
    /// A highlighted box for a stage that failed at run time, or was skipped after one did.
    /// `title` and every item are escaped.
    static func callout(kind: String, title: String, items: [(String, String)]) -> String {
        var out = "<div class=\"callout callout-\(escape(kind))\" role=\"note\"><div class=\"callout-title\">\(escape(title))</div><dl>"
        for (k, v) in items { out += "<dt>\(escape(k))</dt><dd>\(escape(v))</dd>" }
        return out + "</dl></div>\n"
    }
}
