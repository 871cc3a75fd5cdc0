extension HTML {
    /// A highlighted box: a stage that failed or was skipped (`error`, `skipped`), or a note
    /// about the data (`warning`). `kind`, `title` and every item are escaped.
    public static func callout(kind: String, title: String, items: [(String, String)]) -> HTMLText {
        callout(kind: kind, title: title, body: definitions(items))
    }

    /// A callout with one paragraph of text.
    public static func callout(kind: String, title: String, text: String) -> HTMLText {
        callout(kind: kind, title: title, body: "<p>\(text)</p>")
    }

    private static func callout(kind: String, title: String, body: HTMLText) -> HTMLText {
        let box = calloutBox(kind: kind, title: title)
        return "\(box.open)\(body)\(box.close)"
    }

    /// The box's opening (with its title) and closing markup, for a body rendered elsewhere
    /// (the Markdown of a `> [!NOTE]` blockquote).
    static func calloutBox(kind: String, title: String) -> (open: HTMLText, close: HTMLText) {
        ("<div class=\"callout callout-\(kind)\" role=\"note\"><div class=\"callout-title\">\(title)</div>", "</div>\n")
    }
}
