import Foundation

/// The files under one folder, found from request paths that cannot lead out of it.
public struct ServedFolder: Sendable, Equatable {
    /// The folder with every symbolic link resolved.
    public let root: URL

    public enum Lookup: Equatable, Sendable {
        case file(URL)
        /// A path that tries to leave the folder or reach a hidden file (`..`, `//`, `.git`),
        /// a malformed escape, or a symbolic link leading outside.
        case refused
        case notFound
    }

    public init(_ folder: URL) {
        root = URL(fileURLWithPath: Self.realPath(folder.path) ?? folder.standardizedFileURL.path)
    }

    /// The file a request path (as sent, percent-encoded) names.
    public func lookup(_ requestPath: String) -> Lookup {
        guard let components = Self.components(requestPath) else { return .refused }
        let candidate = components.reduce(root) { $0.appendingPathComponent($1) }
        guard let resolved = Self.realPath(candidate.path) else { return .notFound }
        guard resolved.hasPrefix(root.path + "/") else { return .refused }
        var info = stat()
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .notFound }
        return .file(URL(fileURLWithPath: resolved))
    }

    /// The decoded path components; nil for anything but a plain relative path (every
    /// component non-empty and not starting with a dot, no NUL, valid escapes).
    static func components(_ requestPath: String) -> [String]? {
        guard requestPath.hasPrefix("/"), let decoded = requestPath.removingPercentEncoding,
              !decoded.contains("\0") else { return nil }
        let components = decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard !components.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) else { return nil }
        return components.map(String.init)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
