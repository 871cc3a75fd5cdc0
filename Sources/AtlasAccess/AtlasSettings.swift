/// The settings that open an atlas, declared once for the `atlas` directive and the
/// `atlasweave atlas` command: name, default and help of each.
public enum AtlasSettings {
    public struct Setting<Value: Sendable>: Sendable {
        public let name: String
        public let defaultValue: Value
        public let help: String
    }

    public static let source = Setting(
        name: "source", defaultValue: "aws",
        help: "demo (the bundled mini atlas), aws (the public bucket), or an http(s):// or file:// URL laid out like the bucket.")
    public static let cache = Setting(
        name: "cache", defaultValue: "abc_data",
        help: "Cache folder in the abc_atlas_access layout (relative to the report in a document; an existing abc_data/ is reused).")
    public static let manifest = Setting<String?>(
        name: "manifest", defaultValue: nil,
        help: "latest, or a release like 20251031; when absent or empty, the last used release (else the latest).")
    public static let localOnly = Setting(
        name: "local-only", defaultValue: false, help: "Never touch the network: the release and files must be in the cache.")
    public static let jobs = Setting(name: "jobs", defaultValue: 4, help: "Files downloaded at once.")
    /// The fewest parallel downloads.
    public static let minimumJobs = 1
}
