import Foundation

/// One `{{ name.path }}` in prose or a directive body: `params.NAME` or `ID.FIELD[.SUB…]`.
struct ValueReference {
    /// The whole `{{ … }}` text.
    let range: Range<String.Index>
    /// The dotted name, e.g. `meta.distinct.cluster_alias`.
    let name: String
    /// Offset in lines from the start of the scanned text.
    let lineOffset: Int

    var head: String { String(name.prefix(while: { $0 != "." })) }
    var path: [String] { name.split(separator: ".").dropFirst().map(String.init) }

    /// Every `{{ … }}` in `text`; content that is not a dotted name is a syntax error at the
    /// returned line offset.
    static func scan(_ text: String) -> (references: [ValueReference], badSyntax: (text: String, lineOffset: Int)?) {
        var references: [ValueReference] = []
        var searchFrom = text.startIndex
        while let open = text.range(of: "{{", range: searchFrom..<text.endIndex),
              let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) {
            let inner = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let lineOffset = text[text.startIndex..<open.lowerBound].reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            guard isDottedName(inner) else {
                return (references, (String(text[open.lowerBound..<close.upperBound]), lineOffset))
            }
            references.append(ValueReference(range: open.lowerBound..<close.upperBound, name: inner, lineOffset: lineOffset))
            searchFrom = close.upperBound
        }
        return (references, nil)
    }

    /// `text` with each reference replaced by `replacement(reference)`.
    static func substitute(_ text: String, _ references: [ValueReference], with replacement: (ValueReference) -> String) -> String {
        var out = ""
        var cursor = text.startIndex
        for reference in references {
            out += text[cursor..<reference.range.lowerBound]
            out += replacement(reference)
            cursor = reference.range.upperBound
        }
        return out + text[cursor...]
    }

    /// At least two segments of letters, digits, `_` and `-`, separated by dots.
    private static func isDottedName(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
    }
}
