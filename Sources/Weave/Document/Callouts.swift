import CCmarkGFM

/// GitHub's alert blockquotes (`> [!NOTE]` … `> [!CAUTION]`): the marker line is removed
/// and the quote becomes a callout box around its own Markdown.
enum Callouts {
    /// The five kinds GitHub knows, with the title each box shows.
    static let kinds: [(marker: String, kind: String, title: String)] = [
        ("[!NOTE]", "note", "Note"), ("[!TIP]", "tip", "Tip"), ("[!IMPORTANT]", "important", "Important"),
        ("[!WARNING]", "warning", "Warning"), ("[!CAUTION]", "caution", "Caution"),
    ]

    /// Rewrites every alert blockquote of `markdown` in place.
    static func apply(to markdown: MarkdownDocument) {
        for quote in markdown.blockQuotes() {
            guard let paragraph = cmark_node_first_child(quote.pointer), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                  let text = cmark_node_first_child(paragraph), cmark_node_get_type(text) == CMARK_NODE_TEXT else { continue }
            let literal = cmark_node_get_literal(text).map { String(cString: $0) } ?? ""
            guard let match = kinds.first(where: { literal.uppercased().trimmingTrailingWhitespace == $0.marker }) else { continue }
            // The marker stands alone on its line: drop it and the line break after it.
            if let next = cmark_node_next(text), cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK
                || cmark_node_get_type(next) == CMARK_NODE_LINEBREAK {
                cmark_node_free(next)
            }
            cmark_node_free(text)
            if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }
            let box = HTML.calloutBox(kind: match.kind, title: match.title)
            markdown.wrap(quote, open: box.open.rendered, close: box.close.rendered)
        }
    }
}
