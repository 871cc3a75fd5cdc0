/// Quarto-style cross-references: prose `@ID` names a stage with a `caption`; charts and
/// tables with a caption are numbered "Figure N" and "Table N" in document order, and each
/// `@ID` becomes a link labelled so. Code is not prose (code spans and blocks are never text
/// nodes), and an `@` right after a name character is an e-mail address, not a reference.
enum CrossReferences {
    /// One `@ID` in a text literal.
    struct Mention {
        let id: String
        let range: Range<String.Index>
    }

    static func isIDCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }

    /// Every `@ID` of `text`; a trailing `-` (as in "@fig-" at a line's end) is not part of the id.
    static func mentions(in text: String) -> [Mention] {
        var found: [Mention] = []
        var index = text.startIndex
        while let at = text[index...].firstIndex(of: "@") {
            let start = text.index(after: at)
            var end = start
            while end < text.endIndex, isIDCharacter(text[end]) { end = text.index(after: end) }
            while end > start, text[text.index(before: end)] == "-" { end = text.index(before: end) }
            let previous = at > text.startIndex ? text[text.index(before: at)] : " "
            let mail = isIDCharacter(previous) || previous == "." || previous == "+" || previous == "%"
            if end > start, !mail { found.append(Mention(id: String(text[start..<end]), range: at..<end)) }
            index = end > start ? end : start
        }
        return found
    }

    /// Rejects an `@ID` that names no stage with a caption, at its line.
    static func check(_ markdown: MarkdownDocument, stages: [ReportDocument.Stage], file: String) throws(ReportError) {
        let captioned = stages.filter { $0.caption != nil }.map(\.id)
        for text in markdown.texts() where text.literal.contains("@") {
            for mention in mentions(in: text.literal) where !captioned.contains(mention.id) {
                let known = captioned.isEmpty ? "no stage has a caption" : "stages with a caption: " + captioned.joined(separator: ", ")
                let hint = stages.contains { $0.id == mention.id } ? "stage '\(mention.id)' has no 'caption:'" : "no stage has id '\(mention.id)'"
                throw .invalidText(SourceLocation(file: file, line: text.line),
                                   message: "cross-reference @\(mention.id): \(hint) (\(known)); a literal @ goes in `code`")
            }
        }
    }

    /// The label of each captioned stage: "Figure N" for a chart, "Table N" for a table,
    /// else its caption (a failed stage is named by its id).
    static func labels(_ records: [StageRecord], captions: [String: String]) -> [String: String] {
        var labels: [String: String] = [:]
        var figures = 0
        var tables = 0
        for record in records {
            guard let caption = captions[record.id] else { continue }
            let html = record.status == .ran ? record.result?.html : nil
            if html?.contains("<svg") == true {
                figures += 1
                labels[record.id] = "Figure \(figures)"
            } else if html?.contains("<table") == true {
                tables += 1
                labels[record.id] = "Table \(tables)"
            } else {
                labels[record.id] = record.status == .ran ? caption : "stage \(record.id)"
            }
        }
        return labels
    }

    /// Turns every `@ID` of the prose into a link to its stage.
    static func link(_ markdown: MarkdownDocument, labels: [String: String]) {
        for text in markdown.texts() where text.literal.contains("@") {
            let found = mentions(in: text.literal).filter { labels[$0.id] != nil }
            guard !found.isEmpty else { continue }
            var parts: [MarkdownDocument.TextPart] = []
            var cursor = text.literal.startIndex
            for mention in found {
                parts.append(.text(String(text.literal[cursor..<mention.range.lowerBound])))
                parts.append(.link(url: "#stage-\(mention.id)", label: labels[mention.id] ?? mention.id))
                cursor = mention.range.upperBound
            }
            parts.append(.text(String(text.literal[cursor...])))
            markdown.replace(text.node, with: parts)
        }
    }
}
