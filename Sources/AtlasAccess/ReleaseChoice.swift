/// Which release manifest to open.
public enum ReleaseChoice: Sendable, Equatable {
    /// The newest release.
    case latest
    /// A release by date, used as is.
    case pinned(String)
    /// The release recorded in `_manifest_last_used.txt`, else the newest (the Python package's default).
    case lastUsed

    /// Parses `latest`, a release date (`20251031`), or nothing (nil or empty) for `lastUsed`.
    public init(_ text: String?) throws {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { self = .lastUsed; return }
        if text == "latest" { self = .latest; return }
        guard Self.isReleaseName(text) else { throw AtlasAccessError.invalidRelease(text) }
        self = .pinned(text)
    }

    /// Release names are dates, `YYYYMMDD`.
    static func isReleaseName(_ text: String) -> Bool {
        text.count == 8 && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
    }

    /// `releases/<v>/manifest.json`, the key and the cache path of a release's manifest.
    static func manifestPath(_ release: String) -> String { "releases/\(release)/manifest.json" }

    /// The release of a `releases/<v>/manifest.json` key, if it is one.
    static func release(ofManifestPath path: String) -> String? {
        let parts = path.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "/")
        guard parts.count == 3, parts[0] == "releases", parts[2] == "manifest.json", isReleaseName(String(parts[1])) else { return nil }
        return String(parts[1])
    }
}
