import Foundation

/// Where atlas files come from: a base URL laid out like the public bucket
/// (`releases/<v>/manifest.json`, `metadata/…`, `expression_matrices/…`).
public struct AtlasSource: Sendable, Equatable, CustomStringConvertible {
    /// The public Allen Brain Cell Atlas bucket.
    public static let awsBaseURL = URL(string: "https://allen-brain-cell-atlas.s3.us-west-2.amazonaws.com/")!

    /// What the user wrote (`demo`, `aws`, or the URL).
    public let name: String
    /// Always ends with `/`, so a relative path appends below it.
    public let baseURL: URL

    public var description: String { name == baseURL.absoluteString ? name : "\(name) (\(baseURL.absoluteString))" }
    public var isFile: Bool { baseURL.isFileURL }

    public init(baseURL: URL, name: String? = nil) throws {
        let scheme = baseURL.scheme?.lowercased() ?? ""
        guard ["http", "https", "file"].contains(scheme) else {
            throw AtlasAccessError.unsupportedSource(baseURL.absoluteString, reason: scheme.isEmpty ? "no URL scheme" : "scheme '\(scheme)' is not allowed")
        }
        let text = baseURL.absoluteString
        guard let normalized = URL(string: text.hasSuffix("/") ? text : text + "/") else {
            throw AtlasAccessError.unsupportedSource(text, reason: "not a valid URL")
        }
        self.baseURL = normalized
        self.name = name ?? normalized.absoluteString
    }

    /// Parses `demo`, `aws` or a URL. `base` is the folder a relative demo atlas is looked for in
    /// (the report's folder or the working directory).
    public static func resolve(_ spec: String, base: URL? = nil) throws -> AtlasSource {
        switch spec {
        case "aws": return try AtlasSource(baseURL: awsBaseURL, name: "aws")
        case "demo": return try AtlasSource(baseURL: try demoFolder(base: base), name: "demo")
        default:
            guard let url = URL(string: spec), url.scheme != nil else {
                throw AtlasAccessError.unsupportedSource(spec, reason: "not a URL")
            }
            return try AtlasSource(baseURL: url)
        }
    }

    /// The bundled mini atlas: $ATLASWEAVE_DEMO_ATLAS, else `<base>/demo-atlas` or
    /// `<base>/reports/demo-atlas`, else `reports/demo-atlas` in a folder above the executable.
    public static func demoFolder(base: URL? = nil) throws -> URL {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["ATLASWEAVE_DEMO_ATLAS"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env, isDirectory: true))
        }
        let start = base ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        candidates.append(start.appendingPathComponent("demo-atlas", isDirectory: true))
        candidates.append(start.appendingPathComponent("reports/demo-atlas", isDirectory: true))
        var folder = (Bundle.main.executableURL ?? URL(fileURLWithPath: "/")).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            candidates.append(folder.appendingPathComponent("reports/demo-atlas", isDirectory: true))
            folder.deleteLastPathComponent()
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("releases").path) {
            return candidate.standardizedFileURL
        }
        throw AtlasAccessError.demoAtlasNotFound(searched: candidates.map(\.path))
    }

    /// The download URL of a manifest `relative_path`, refusing absolute paths and `..`.
    public func url(for relativePath: String) throws -> URL {
        try Self.checkRelativePath(relativePath)
        let encoded = relativePath.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relativePath
        guard let url = URL(string: baseURL.absoluteString + encoded) else {
            throw AtlasAccessError.unsafeRelativePath(relativePath)
        }
        return url
    }

    static func checkRelativePath(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains(":"),
              !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw AtlasAccessError.unsafeRelativePath(path)
        }
    }
}
