import Foundation

/// Checksums by coreutils' md5sum and sha256sum: the engine's own are checked against another implementation.
public enum SystemChecksum {
    public static func md5(_ url: URL) throws -> String { try hex(of: url, tool: "md5sum") }
    public static func sha256(_ url: URL) throws -> String { try hex(of: url, tool: "sha256sum") }

    private static func hex(of url: URL, tool: String) throws -> String {
        let result = try Command.run(URL(fileURLWithPath: "/usr/bin/\(tool)"), arguments: [url.path])
        return String(result.stdout.prefix { $0 != " " })
    }
}
