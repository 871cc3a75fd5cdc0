import Foundation

/// Which release manifest to open.
public enum ReleaseChoice: Sendable, Equatable {
    /// The newest release.
    case latest
    /// A release by date, used as is.
    case pinned(String)
    /// The release recorded in `_manifest_last_used.txt`, else the newest (the Python package's default).
    case lastUsed

    /// Parses `latest`, a release (`20251031`), or nothing (nil or empty) for `lastUsed`.
    public init(_ text: String?) throws {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { self = .lastUsed; return }
        if text == "latest" { self = .latest; return }
        guard Self.isReleaseName(text) else { throw AtlasAccessError.invalidRelease(text) }
        self = .pinned(text)
    }

    /// A release is any `releases/<name>/manifest.json`, as the Python package globs them (dates
    /// like `20251031` in practice); the name must be one path component of letters, digits, `.`, `_`, `-`.
    static func isReleaseName(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix(".") && text.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
        }
    }

    /// The manifest versions the Python package's `AbcProjectCache` reads: from the first, up to
    /// but not including the second (compared as strings, as there).
    public static let compatibility = ("20230101", "20300101")

    /// Nil when `version` is within `compatibility`, else why not.
    static func incompatibility(of version: String) -> String? {
        let (minimum, maximum) = compatibility
        guard version < minimum || version >= maximum else { return nil }
        return "manifest_version \(version) is outside the versions atlasweave (like abc_atlas_access) reads: from \(minimum) up to, not including, \(maximum)"
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
