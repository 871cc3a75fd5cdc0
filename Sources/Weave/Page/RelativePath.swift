import Foundation

/// How reports name files: from the report's folder (`../abc_data/…` for a sibling folder), so
/// a report names them the same way on every machine; absolute only when the two share no
/// folder below the root.
public enum RelativePath {
    public static func from(_ folder: URL, to url: URL) -> String {
        let path = url.standardizedFileURL.pathComponents
        let base = folder.standardizedFileURL.pathComponents
        let shared = zip(path, base).prefix { $0 == $1 }.count
        guard shared > 1 else { return url.standardizedFileURL.path }
        let parts = Array(repeating: "..", count: base.count - shared) + path[shared...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// `text` with every local path in it, absolute or as a `file://` URL, named from `folder`
    /// as `from(_:to:)` names one: an error message quotes the files it is about, and a report
    /// names no local folder absolutely.
    public static func naming(pathsIn text: String, from folder: URL) -> String {
        // A path at the start of a word (not inside a relative path or a URL other than file://),
        // up to white space, a quote, a bracket or a colon (a `path:line:` reference).
        let absolutePath = /(^|[^\w.~:\/-])(?:file:\/\/)?(\/[^\s'"`,;:()<>\[\]{}]+)/
        var out = "", rest = text[...]
        while let match = rest.firstMatch(of: absolutePath) {
            out += rest[..<match.range.lowerBound] + match.output.1
            out += from(folder, to: URL(fileURLWithPath: String(match.output.2)))
            rest = rest[match.range.upperBound...]
        }
        return out + rest
    }
}
