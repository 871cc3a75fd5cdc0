/// Anchor ids for headings, GitHub style: lowercase, punctuation dropped, spaces to `-`,
/// repeats numbered (`results`, `results-1`).
struct HeadingSlugs {
    private var used: Set<String> = []

    mutating func slug(for text: String) -> String {
        var base = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "_" || ch == "-" { base.append(ch) }
            else if ch == " " { base.append("-") }
        }
        if base.isEmpty { base = "section" }
        var slug = base
        var n = 0
        while used.contains(slug) {
            n += 1
            slug = "\(base)-\(n)"
        }
        used.insert(slug)
        return slug
    }
}
