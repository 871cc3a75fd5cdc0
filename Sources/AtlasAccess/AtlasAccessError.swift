import TextFormats

/// Everything that can go wrong reaching the atlas: each case names the URL, path or name involved.
public enum AtlasAccessError: Error, Sendable, CustomStringConvertible {
    case unsupportedSource(String, reason: String)
    case demoAtlasNotFound(searched: [String])
    case unsafeRelativePath(String)
    case invalidRelease(String)
    case releaseNotFound(String, available: [String])
    case noReleases(source: String)
    /// An unknown directory or file name; `valid` lists the names that exist, `suggestion` the closest.
    case unknownName(kind: String, name: String, valid: [String], suggestion: String?)
    case ambiguousFile(directory: String, name: String, candidates: [String])
    case noMatrix(label: String, kind: String)
    case missingLocally(name: String, path: String)
    case localFileCorrupt(path: String, expected: String, actual: String)
    case badManifest(url: String, message: String)
    case badListing(url: String, message: String)
    case transfer(url: String, path: String?, curlCode: Int, httpStatus: Int, message: String)
    case checksumMismatch(url: String, path: String, expected: String, actual: String, attempts: Int)
    /// The server sent more bytes than the manifest's size for the file.
    case oversized(url: String, path: String, size: Int64)
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .unsupportedSource(let source, let reason):
            return "atlas source '\(source)': \(reason) (use demo, aws, or an http://, https:// or file:// URL)"
        case .demoAtlasNotFound(let searched):
            return "the bundled demo atlas was not found; looked in: \(searched.joined(separator: ", ")) (set ATLASWEAVE_DEMO_ATLAS to its folder)"
        case .unsafeRelativePath(let path):
            return "manifest relative_path '\(path)' is refused: it must be relative and must not contain '..'"
        case .invalidRelease(let release):
            return "release '\(release)' is not 'latest' or a release name like 20251031 (letters, digits, '.', '_', '-')"
        case .releaseNotFound(let release, let available):
            return "release \(release) not found; available releases: \(available.isEmpty ? "none" : available.joined(separator: ", "))"
        case .noReleases(let source):
            return "no release manifests (releases/<version>/manifest.json) found at \(source)"
        case .unknownName(let kind, let name, let valid, let suggestion):
            let hint = Suggestion.hint(suggestion)
            return "unknown \(kind) '\(name)'\(hint); valid: \(valid.joined(separator: ", "))"
        case .ambiguousFile(let directory, let name, let candidates):
            return "file '\(name)' in directory \(directory) is ambiguous: name one of \(candidates.joined(separator: ", "))"
        case .noMatrix(let label, let kind):
            return "no expression matrix '\(label)/\(kind)' in any directory of the manifest"
        case .missingLocally(let name, let path):
            return "local-only: \(name) is not in the cache (expected at \(path))"
        case .localFileCorrupt(let path, let expected, let actual):
            return "local-only: \(path) has MD5 \(actual), the manifest expects \(expected)"
        case .badManifest(let url, let message):
            return "manifest \(url): \(message)"
        case .badListing(let url, let message):
            return "bucket listing \(url): \(message)"
        case .transfer(let url, let path, let code, let status, let message):
            let target = path.map { " → \($0)" } ?? ""
            let http = status > 0 ? ", HTTP \(status)" : ""
            return "download \(url)\(target) failed: \(message) (curl code \(code)\(http))"
        case .checksumMismatch(let url, let path, let expected, let actual, let attempts):
            return "download \(url) → \(path): MD5 \(actual) does not match the manifest's \(expected) after \(attempts) attempts"
        case .oversized(let url, let path, let size):
            return "download \(url) → \(path): the server sent more than the manifest's \(size) bytes; stopped there and removed the partial file"
        case .io(let path, let message):
            return "\(path): \(message)"
        }
    }
}
