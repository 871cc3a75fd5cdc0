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
}
