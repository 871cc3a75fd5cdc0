/// Orderings pandas and anndata use when they combine labels.
public enum NaturalOrder {
    /// Python's default string order (by code point), which pandas' `Index.union` sorts with.
    public static func codePointLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `values` in `natsort.natsorted` order (default `ns.INT`): digit runs compare as numbers, text
    /// as text. anndata sorts the union of categories this way when it concatenates categoricals.
    /// Each value's key is made once, not at every comparison.
    public static func naturallySorted(_ values: some Collection<String>) -> [String] {
        values.map { ($0, key($0)) }.sorted { less($0.1, $1.1) }.map(\.0)
    }

    private static func less(_ ka: [Part], _ kb: [Part]) -> Bool {
        for (x, y) in zip(ka, kb) where x != y {
            switch (x, y) {
            case let (.number(p), .number(q)): return p < q
            case let (.text(p), .text(q)): return codePointLess(p, q)
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
        return ka.count < kb.count
    }

    private enum Part: Equatable {
        case text(String)
        case number(Double)
    }

    /// Alternating text and number parts, always starting with (possibly empty) text, as natsort does.
    private static func key(_ s: String) -> [Part] {
        var parts: [Part] = []
        var current = "", digits = false
        func flush() {
            if digits { parts.append(.number(Double(current) ?? 0)) } else { parts.append(.text(current)) }
            current = ""
        }
        for character in s {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != digits {
                flush()
                digits = isDigit
            }
            current.append(character)
        }
        flush()
        return parts
    }
}
