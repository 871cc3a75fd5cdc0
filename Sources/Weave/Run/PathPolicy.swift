import Foundation

/// Where a render may read and write: the report's folder, and folders the command line
/// allows (`--allow-outside DIR`, and any path given as a param value with `-P` or `--params`).
/// A shared document alone cannot make atlasweave touch a file outside its folder.
///
/// Paths are compared as written (`..` folded, symlinks not followed): a document cannot make
/// a symlink, so one the user put in the folder (`abc_data -> /mnt/big`) is theirs to allow.
public struct PathPolicy: Sendable {
    public enum Access: String, Sendable {
        case read = "reads"
        case write = "writes"
    }

    public let reportFolder: URL
    /// Folders (or files) outside the report's folder the command line allows, with what
    /// allowed each (`--allow-outside`, `-P name`, `--params name`).
    public let allowed: [(url: URL, origin: String)]

    public init(reportFolder: URL, allowed: [(url: URL, origin: String)] = []) {
        self.reportFolder = reportFolder.absoluteURL.standardizedFileURL
        self.allowed = allowed.map { ($0.url.absoluteURL.standardizedFileURL, $0.origin) }
    }

    /// The policy of a render: `allowOutside` folders and the param values given on the
    /// command line (`-P`, `--params`), relative ones taken from the report's folder.
    public init(document: ReportDocument, allowOutside: [URL]) {
        let folder = document.url.deletingLastPathComponent()
        var allowed = allowOutside.map { (url: $0, origin: "--allow-outside") }
        for param in document.params.all where param.source != .defaultValue {
            for text in Self.texts(of: param.value) where !text.isEmpty {
                // A `file://` source given as a param allows its folder too.
                let url = URL(string: text).flatMap { $0.isFileURL ? $0 : nil } ?? Self.resolve(text, against: folder)
                allowed.append((url, "\(param.source.rawValue) \(param.name)"))
            }
        }
        self.init(reportFolder: folder, allowed: allowed)
    }

    /// `path` (relative to the report's folder, or absolute) as a file URL when the policy
    /// allows it, else an error naming the option, the path and how to allow it.
    public func check(_ path: String, option: String, access: Access) throws(DirectiveError) -> URL {
        let url = Self.resolve(path, against: reportFolder)
        if Self.contains(reportFolder, url) || allowed.contains(where: { Self.contains($0.url, url) }) { return url }
        throw .outsideReportFolder(option: option, path: path, access: access.rawValue,
                                   resolved: RelativePath.from(reportFolder, to: url))
    }

    /// Whether a recorded file (absolute, or relative to the report's folder) is allowed.
    public func allows(_ path: String) -> Bool {
        (try? check(path, option: "", access: .read)) != nil
    }

    static func resolve(_ path: String, against folder: URL) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return folder.appendingPathComponent(path).standardizedFileURL
    }

    /// Whether `url` is `folder` or inside it.
    private static func contains(_ folder: URL, _ url: URL) -> Bool {
        let base = folder.pathComponents, path = url.pathComponents
        return path.count >= base.count && Array(path.prefix(base.count)) == base
    }

    private static func texts(of value: Value) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .list(let items): return items.flatMap(texts)
        default: return []
        }
    }
}
